/* The same for a robust priority-inheritance mutex: unlocking it while
 * inconsistent makes it unusable (ENOTRECOVERABLE).  POSIX.1-2017
 * pthread_mutex_unlock, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), ENOTRECOVERABLE);
	PASS();
}
