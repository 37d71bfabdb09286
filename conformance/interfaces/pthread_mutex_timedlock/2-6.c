/* The timeout of pthread_mutex_timedlock is measured on CLOCK_REALTIME:
 * an abstime taken from CLOCK_MONOTONIC (decades in the past as a
 * realtime value) expires at once.  POSIX.1-2017 pthread_mutex_timedlock,
 * DESCRIPTION ("based on the CLOCK_REALTIME clock"). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int timed(void *arg)
{
	struct timespec mono = conf_abs(CLOCK_MONOTONIC, 5000);
	return pthread_mutex_timedlock(&m, &mono);
}

int main(void)
{
	struct conf_bg b;
	if (conf_now_ns(CLOCK_REALTIME) - conf_now_ns(CLOCK_MONOTONIC) <
	    3600LL * 1000000000LL)
		UNRESOLVED("CLOCK_MONOTONIC is within an hour of the epoch "
			   "offset; cannot tell the clocks apart");
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, 2500))
		FAIL("still waiting: the abstime was not read as realtime");
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	PASS();
}
