/* A freshly initialised mutex attributes object has a priority ceiling
 * within the SCHED_FIFO range (glibc: the minimum).  POSIX.1-2017
 * pthread_mutexattr_getprioceiling, DESCRIPTION (the ceiling is a valid
 * SCHED_FIFO priority). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_getprioceiling(&a, &v), 0);
	if (v < sched_get_priority_min(SCHED_FIFO) ||
	    v > sched_get_priority_max(SCHED_FIFO))
		FAIL("default ceiling %d outside the SCHED_FIFO range", v);
	PASS();
}
