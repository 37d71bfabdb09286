/* A robust mutex left unrecoverable (unlocked without
 * pthread_mutex_consistent after EOWNERDEAD) can still be destroyed and
 * initialised again.  POSIX.1-2017 pthread_mutex_consistent, DESCRIPTION
 * ("the only permissible operation ... is pthread_mutex_destroy()"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	SETUP(pthread_mutex_unlock(&m));
	SETUP_RC(pthread_mutex_lock(&m), ENOTRECOVERABLE);
	EXPECT(pthread_mutex_destroy(&m), 0);
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
