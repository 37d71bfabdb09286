/* pthread_barrierattr_getpshared returns the value last set.
 * POSIX.1-2017 pthread_barrierattr_getpshared, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	int v = -1;
	SETUP(pthread_barrierattr_init(&a));
	SETUP(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_barrierattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
