/* pthread_mutex_trylock of an error-checking mutex already held by the calling thread
 * returns EBUSY immediately (no deadlock, no EDEADLK).  POSIX.1-2017
 * pthread_mutex_trylock, DESCRIPTION ("locked (by any thread, including
 * the current thread)"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
