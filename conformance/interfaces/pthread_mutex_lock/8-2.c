/* While a SCHED_FIFO thread holds a priority-protect mutex whose ceiling
 * is above its own priority, it runs at the ceiling, and it returns to
 * its own priority after unlocking.  POSIX.1-2017
 * pthread_mutexattr_getprotocol, DESCRIPTION (PTHREAD_PRIO_PROTECT). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	pid_t self = conf_gettid();
	conf_need_rt();
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 15, PTHREAD_PROCESS_PRIVATE);
	conf_set_fifo(5);
	EXPECT(pthread_mutex_lock(&m), 0);
	int held = conf_task_prio(self);
	EXPECT(pthread_mutex_unlock(&m), 0);
	int after = conf_task_prio(self);
	if (held != -16)
		FAIL("kernel priority %d while holding a ceiling-15 mutex, "
		     "expected -16 (SCHED_FIFO 15)", held);
	if (after != -6)
		FAIL("kernel priority %d after unlock, expected -6 "
		     "(SCHED_FIFO 5)", after);
	PASS();
}
