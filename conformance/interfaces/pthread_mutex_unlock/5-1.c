/* Unlocking one of two priority-protect mutexes drops the thread to the
 * ceiling of the one still held; unlocking both restores its priority.
 * POSIX.1-2017 pthread_mutexattr_getprotocol, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t lo, hi;
	pid_t self = conf_gettid();
	conf_need_rt();
	conf_mutex(&lo, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 12, PTHREAD_PROCESS_PRIVATE);
	conf_mutex(&hi, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 24, PTHREAD_PROCESS_PRIVATE);
	conf_set_fifo(3);
	SETUP(pthread_mutex_lock(&lo));
	SETUP(pthread_mutex_lock(&hi));
	int both = conf_task_prio(self);
	EXPECT(pthread_mutex_unlock(&hi), 0);
	int one = conf_task_prio(self);
	EXPECT(pthread_mutex_unlock(&lo), 0);
	int none = conf_task_prio(self);
	if (both != -25 || one != -13 || none != -4)
		FAIL("kernel priorities %d, %d, %d; expected -25 (both held), "
		     "-13 (ceiling 12 held), -4 (none)", both, one, none);
	PASS();
}
