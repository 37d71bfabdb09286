/* pthread_mutex_init with a default attributes object returns 0 and gives
 * a usable mutex.  POSIX.1-2017 pthread_mutex_init, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	pthread_mutexattr_t a;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutex_init(&m, &a), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
