/* pthread_condattr_getpshared returns 0 and PTHREAD_PROCESS_PRIVATE for a
 * default object.  POSIX.1-2017 pthread_condattr_getpshared, DESCRIPTION
 * and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	int v = -1;
	SETUP(pthread_condattr_init(&a));
	EXPECT(pthread_condattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
