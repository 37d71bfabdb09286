/* A priority-protect mutex refuses a caller whose priority is above its
 * ceiling with EINVAL.  POSIX.1-2017 pthread_mutex_lock, ERRORS
 * ([EINVAL] PTHREAD_PRIO_PROTECT and the calling thread's priority is
 * higher than the mutex's current priority ceiling). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_need_rt();
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	conf_set_fifo(20);
	EXPECT(pthread_mutex_lock(&m), EINVAL);
	conf_set_fifo(5);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
