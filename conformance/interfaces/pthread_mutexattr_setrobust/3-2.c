/* PTHREAD_MUTEX_ROBUST: when the owner terminates holding the mutex, the
 * next owner is told with EOWNERDEAD.  POSIX.1-2017
 * pthread_mutexattr_setrobust, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
	SETUP(pthread_mutex_init(&m, &a));
	conf_owner_thread_dies(&m);
	EXPECT(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
