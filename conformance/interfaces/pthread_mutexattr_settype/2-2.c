/* pthread_mutexattr_settype with the invalid type 4 returns EINVAL and
 * leaves the type unchanged.  POSIX.1-2017 pthread_mutexattr_settype,
 * ERRORS ([EINVAL] "The value type is invalid"). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	EXPECT(pthread_mutexattr_settype(&a, 4), EINVAL);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ERRORCHECK);
	PASS();
}
