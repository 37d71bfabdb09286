/* pthread_cond_timedwait returns ETIMEDOUT once abstime (CLOCK_REALTIME by
 * default) has passed without a signal, and not before.  POSIX.1-2017
 * pthread_cond_timedwait, DESCRIPTION and ERRORS ([ETIMEDOUT]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 150);
	int r;
	while ((r = pthread_cond_timedwait(&c, &m, &abs)) == 0)
		;
	EXPECT(r, ETIMEDOUT);
	long long early = conf_ts_ns(&abs) - conf_now_ns(CLOCK_REALTIME);
	if (early > 0)
		FAIL("timed out %lld us before abstime", early / 1000);
	PASS();
}
