/* pthread_mutexattr_setprioceiling with a ceiling above the SCHED_FIFO maximum returns EINVAL
 * and leaves the ceiling unchanged.  POSIX.1-2017
 * pthread_mutexattr_setprioceiling, ERRORS ([EINVAL] "The value specified
 * by ... prioceiling is invalid"). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setprioceiling(&a, 7));
	EXPECT(pthread_mutexattr_setprioceiling(&a, sched_get_priority_max(SCHED_FIFO) + 1), EINVAL);
	SETUP(pthread_mutexattr_getprioceiling(&a, &v));
	EXPECT_EQ(v, 7);
	PASS();
}
