/* Relocking an error-checking mutex by its owner returns EDEADLK, and the mutex stays
 * locked once.  POSIX.1-2017 pthread_mutex_lock, ERRORS ([EDEADLK] "The
 * mutex type is PTHREAD_MUTEX_ERRORCHECK and the current thread already
 * owns the mutex"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex(&m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_PRIVATE);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), EDEADLK);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
