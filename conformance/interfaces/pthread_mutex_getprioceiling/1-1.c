/* pthread_mutex_getprioceiling returns 0 and the ceiling the mutex was
 * initialised with.  POSIX.1-2017 pthread_mutex_getprioceiling,
 * DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	int max = sched_get_priority_max(SCHED_FIFO);
	int min = sched_get_priority_min(SCHED_FIFO);
	int values[3] = { min, 17, max };
	for (int i = 0; i < 3; i++) {
		int c = -1;
		conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
			   PTHREAD_PRIO_PROTECT, values[i],
			   PTHREAD_PROCESS_PRIVATE);
		EXPECT(pthread_mutex_getprioceiling(&m, &c), 0);
		EXPECT_EQ(c, values[i]);
		SETUP(pthread_mutex_destroy(&m));
	}
	PASS();
}
