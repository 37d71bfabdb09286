/* pthread_rwlockattr_setpshared with the invalid value 2 returns EINVAL
 * and leaves the attribute unchanged.  POSIX.1-2017
 * pthread_rwlockattr_setpshared, ERRORS ([EINVAL] "The new value specified
 * for the attribute is outside the range of legal values"). */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	int v = -1;
	SETUP(pthread_rwlockattr_init(&a));
	SETUP(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_rwlockattr_setpshared(&a, 2), EINVAL);
	SETUP(pthread_rwlockattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
