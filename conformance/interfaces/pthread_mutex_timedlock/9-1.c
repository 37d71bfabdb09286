/* A signal delivered during pthread_mutex_timedlock does not end the
 * wait early: the call still returns ETIMEDOUT at abstime, not EINTR.
 * POSIX.1-2017 pthread_mutex_timedlock, ERRORS (no [EINTR]). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static struct timespec abs_time;

static int timed(void *arg)
{
	return pthread_mutex_timedlock(&m, &abs_time);
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	SETUP(pthread_mutex_lock(&m));
	abs_time = conf_abs(CLOCK_REALTIME, 1500);
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("timedlock did not block: %s", conf_err(b.ret));
	if (!conf_interrupt(&b)) {
		if (b.ret == ETIMEDOUT &&
		    conf_now_ns(CLOCK_REALTIME) >= conf_ts_ns(&abs_time))
			UNRESOLVED("the timeout expired before the signal "
				   "could be checked (loaded machine)");
		FAIL("the wait ended with %s after a signal handler ran",
		     conf_err(b.ret));
	}
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs_time))
		FAIL("returned before abstime");
	PASS();
}
