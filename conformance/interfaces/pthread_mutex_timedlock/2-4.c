/* pthread_mutex_timedlock of a recursive mutex held by another thread returns ETIMEDOUT,
 * and not before abstime (CLOCK_REALTIME).  POSIX.1-2017
 * pthread_mutex_timedlock, DESCRIPTION and ERRORS ([ETIMEDOUT]). */
#include "conf.h"

static pthread_mutex_t m;
static struct timespec abs_time;

static int timed(void *arg)
{
	int r = pthread_mutex_timedlock(&m, &abs_time);
	if (r == 0)
		pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	SETUP(pthread_mutex_lock(&m));
	abs_time = conf_abs(CLOCK_REALTIME, 150);
	conf_bg_start(&b, timed, 0);
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	long long late = conf_now_ns(CLOCK_REALTIME) - conf_ts_ns(&abs_time);
	if (late < 0)
		FAIL("timed out %lld us before abstime", -late / 1000);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
