/* pthread_mutex_trylock of a priority-protect mutex by a thread whose
 * priority is above the ceiling returns EINVAL.  POSIX.1-2017
 * pthread_mutex_trylock, ERRORS ([EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_need_rt();
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	conf_set_fifo(20);
	EXPECT(pthread_mutex_trylock(&m), EINVAL);
	conf_set_fifo(10);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
