/* pthread_mutex_setprioceiling with a ceiling below the SCHED_FIFO minimum returns EINVAL and
 * leaves the ceiling unchanged.  POSIX.1-2017
 * pthread_mutex_setprioceiling, ERRORS ([EINVAL] "The priority requested
 * by prioceiling is out of range") and DESCRIPTION ("If ... fails, the
 * mutex priority ceiling shall not be changed"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	int old = -1, now = -1;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	EXPECT(pthread_mutex_setprioceiling(&m, sched_get_priority_min(SCHED_FIFO) - 1, &old), EINVAL);
	SETUP(pthread_mutex_getprioceiling(&m, &now));
	EXPECT_EQ(now, 10);
	PASS();
}
