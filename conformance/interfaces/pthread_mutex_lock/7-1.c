/* A robust mutex unlocked without pthread_mutex_consistent after
 * EOWNERDEAD is permanently unusable: later locks return
 * ENOTRECOVERABLE.  POSIX.1-2017 pthread_mutex_lock, ERRORS
 * ([ENOTRECOVERABLE]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_mutex_lock(&m), ENOTRECOVERABLE);
	EXPECT(pthread_mutex_lock(&m), ENOTRECOVERABLE);
	PASS();
}
