/* pthread_mutex_timedlock of a priority-protect mutex by a thread above
 * the ceiling returns EINVAL.  POSIX.1-2017 pthread_mutex_timedlock,
 * ERRORS ([EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	conf_need_rt();
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	conf_set_fifo(20);
	EXPECT(pthread_mutex_timedlock(&m, &abs), EINVAL);
	PASS();
}
