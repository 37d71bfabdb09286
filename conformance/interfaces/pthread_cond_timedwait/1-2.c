/* pthread_cond_timedwait with an abstime that has already passed returns
 * ETIMEDOUT promptly.  POSIX.1-2017 pthread_cond_timedwait, ERRORS
 * ([ETIMEDOUT]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, -2000);
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	EXPECT(pthread_cond_timedwait(&c, &m, &abs), ETIMEDOUT);
	if (conf_now_ns(CLOCK_MONOTONIC) - t0 > 1000000000LL)
		FAIL("took more than a second for an expired abstime");
	PASS();
}
