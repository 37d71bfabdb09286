/* pthread_rwlock_timedrdlock of a write-held lock returns ETIMEDOUT, not
 * before abstime (CLOCK_REALTIME).  POSIX.1-2017
 * pthread_rwlock_timedrdlock, ERRORS ([ETIMEDOUT]). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static struct timespec abs_time;

static int timed(void *arg)
{
	return pthread_rwlock_timedrdlock(&rw, &abs_time);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	abs_time = conf_abs(CLOCK_REALTIME, 150);
	conf_bg_start(&b, timed, 0);
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs_time))
		FAIL("timed out before abstime");
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
