/* pthread_mutexattr_setprioceiling accepts every SCHED_FIFO priority and
 * getprioceiling reads it back.  POSIX.1-2017
 * pthread_mutexattr_setprioceiling, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int lo = sched_get_priority_min(SCHED_FIFO);
	int hi = sched_get_priority_max(SCHED_FIFO);
	SETUP(pthread_mutexattr_init(&a));
	for (int c = lo; c <= hi; c++) {
		int v = -1;
		EXPECT(pthread_mutexattr_setprioceiling(&a, c), 0);
		SETUP(pthread_mutexattr_getprioceiling(&a, &v));
		EXPECT_EQ(v, c);
	}
	PASS();
}
