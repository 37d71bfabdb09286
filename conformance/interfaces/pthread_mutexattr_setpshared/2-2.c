/* pthread_mutexattr_setpshared with the invalid value -1 returns EINVAL
 * and leaves the attribute unchanged.  POSIX.1-2017
 * pthread_mutexattr_setpshared, ERRORS ([EINVAL] "The new value specified
 * for the attribute is outside the range of legal values"). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_mutexattr_setpshared(&a, -1), EINVAL);
	SETUP(pthread_mutexattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
