/* pthread_mutexattr_setrobust with the invalid value 2 returns EINVAL
 * and leaves the attribute unchanged.  POSIX.1-2017
 * pthread_mutexattr_setrobust, ERRORS ([EINVAL] "The value of robust is
 * invalid"). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	EXPECT(pthread_mutexattr_setrobust(&a, 2), EINVAL);
	SETUP(pthread_mutexattr_getrobust(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ROBUST);
	PASS();
}
