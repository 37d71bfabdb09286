/* pthread_mutex_timedlock never fails with a timeout when the mutex can
 * be locked at once, even if abstime has already passed.  POSIX.1-2017
 * pthread_mutex_timedlock, DESCRIPTION ("Under no circumstance shall the
 * function fail with a timeout if the mutex can be locked immediately"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m[3];
	struct timespec past = conf_abs(CLOCK_REALTIME, -1000);
	struct timespec epoch = { 0, 0 };
	conf_mutex_type(&m[0], PTHREAD_MUTEX_NORMAL);
	conf_mutex_type(&m[1], PTHREAD_MUTEX_ERRORCHECK);
	conf_mutex_robust(&m[2], PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 3; i++) {
		EXPECT(pthread_mutex_timedlock(&m[i], &past), 0);
		EXPECT(pthread_mutex_unlock(&m[i]), 0);
		EXPECT(pthread_mutex_timedlock(&m[i], &epoch), 0);
		EXPECT(pthread_mutex_unlock(&m[i]), 0);
	}
	PASS();
}
