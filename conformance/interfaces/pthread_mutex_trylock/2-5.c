/* pthread_mutex_trylock of a robust or priority-inheritance normal mutex
 * the caller already holds returns EBUSY at once.  POSIX.1-2017
 * pthread_mutex_trylock, DESCRIPTION ("locked (by any thread, including
 * the current thread)"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m[2];
	conf_mutex_robust(&m[0], PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_mutex(&m[1], PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 2; i++) {
		SETUP(pthread_mutex_lock(&m[i]));
		EXPECT(pthread_mutex_trylock(&m[i]), EBUSY);
		EXPECT(pthread_mutex_unlock(&m[i]), 0);
	}
	PASS();
}
