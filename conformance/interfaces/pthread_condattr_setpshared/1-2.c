/* pthread_condattr_setpshared(PTHREAD_PROCESS_PRIVATE) returns 0 and getpshared reads it
 * back.  POSIX.1-2017 pthread_condattr_setpshared, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	int v = -1;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE), 0);
	SETUP(pthread_condattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
