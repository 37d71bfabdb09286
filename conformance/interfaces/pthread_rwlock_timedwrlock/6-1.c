/* A signal delivered during pthread_rwlock_timedwrlock does not end the
 * wait early: the call returns ETIMEDOUT at abstime, not EINTR.
 * POSIX.1-2017 pthread_rwlock_timedwrlock, DESCRIPTION and ERRORS. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static struct timespec abs_time;

static int timed(void *arg)
{
	return pthread_rwlock_timedwrlock(&rw, &abs_time);
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	SETUP(pthread_rwlock_rdlock(&rw));
	abs_time = conf_abs(CLOCK_REALTIME, 1500);
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("timedwrlock did not block: %s", conf_err(b.ret));
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
