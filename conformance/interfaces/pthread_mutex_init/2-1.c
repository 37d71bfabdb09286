/* Destroying the attributes object after pthread_mutex_init does not
 * affect the mutex: an error-checking mutex still reports EDEADLK.
 * POSIX.1-2017 pthread_mutexattr_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	pthread_mutexattr_t a;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	EXPECT(pthread_mutex_init(&m, &a), 0);
	SETUP(pthread_mutexattr_destroy(&a));
	memset(&a, 0xff, sizeof a);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), EDEADLK);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
