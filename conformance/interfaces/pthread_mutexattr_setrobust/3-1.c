/* PTHREAD_MUTEX_STALLED: when the owner terminates holding the mutex,
 * nothing happens; another locker stays blocked (here until its timeout).
 * POSIX.1-2017 pthread_mutexattr_setrobust, DESCRIPTION ("No special
 * actions are taken ... This can lead to deadlocks"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_type(&m, PTHREAD_MUTEX_NORMAL);
	conf_owner_thread_dies(&m);
	struct timespec abs = conf_abs(CLOCK_REALTIME, 100);
	EXPECT(pthread_mutex_timedlock(&m, &abs), ETIMEDOUT);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	PASS();
}
