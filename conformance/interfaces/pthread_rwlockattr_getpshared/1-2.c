/* pthread_rwlockattr_getpshared returns the value last set.  POSIX.1-2017
 * pthread_rwlockattr_getpshared, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	int v = -1;
	SETUP(pthread_rwlockattr_init(&a));
	SETUP(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_rwlockattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
