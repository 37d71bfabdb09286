/* A SCHED_OTHER thread may lock a priority-protect mutex; while it holds
 * it, it runs at the ceiling (a real-time priority), and afterwards
 * returns to SCHED_OTHER.  POSIX.1-2017 pthread_mutexattr_getprotocol,
 * DESCRIPTION ("shall execute at the higher of its priority or the
 * highest of the priority ceilings of all the mutexes owned"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	pid_t self = conf_gettid();
	conf_need_rt();
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 15, PTHREAD_PROCESS_PRIVATE);
	int before = conf_task_prio(self);
	EXPECT(pthread_mutex_lock(&m), 0);
	int held = conf_task_prio(self);
	EXPECT(pthread_mutex_unlock(&m), 0);
	int after = conf_task_prio(self);
	if (held != -16)
		FAIL("kernel priority %d while holding a ceiling-15 mutex, "
		     "expected -16 (SCHED_FIFO 15)", held);
	if (after != before)
		FAIL("kernel priority %d after unlock, was %d before", after,
		     before);
	PASS();
}
