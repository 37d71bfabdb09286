/* pthread_mutex_timedlock of an unrecoverable robust mutex returns
 * ENOTRECOVERABLE.  POSIX.1-2017 pthread_mutex_timedlock, ERRORS
 * ([ENOTRECOVERABLE]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_mutex_timedlock(&m, &abs), ENOTRECOVERABLE);
	PASS();
}
