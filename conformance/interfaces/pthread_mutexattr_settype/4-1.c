/* The type set in the attributes object governs the mutex: an
 * error-checking mutex reports EDEADLK and EPERM, a recursive one counts.
 * POSIX.1-2017 pthread_mutexattr_settype, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t ec, rc;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	SETUP(pthread_mutex_init(&ec, &a));
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE));
	SETUP(pthread_mutex_init(&rc, &a));
	EXPECT(pthread_mutex_unlock(&ec), EPERM);
	EXPECT(pthread_mutex_lock(&ec), 0);
	EXPECT(pthread_mutex_lock(&ec), EDEADLK);
	EXPECT(pthread_mutex_lock(&rc), 0);
	EXPECT(pthread_mutex_lock(&rc), 0);
	EXPECT(pthread_mutex_unlock(&rc), 0);
	EXPECT(pthread_mutex_unlock(&rc), 0);
	EXPECT(pthread_mutex_unlock(&rc), EPERM);
	PASS();
}
