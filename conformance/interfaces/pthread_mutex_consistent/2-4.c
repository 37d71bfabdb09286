/* pthread_mutex_consistent after the mutex became unrecoverable returns
 * EINVAL (it no longer protects an inconsistent state).  POSIX.1-2017
 * pthread_mutex_consistent, ERRORS ([EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_mutex_consistent(&m), EINVAL);
	EXPECT(pthread_mutex_lock(&m), ENOTRECOVERABLE);
	PASS();
}
