/* A condition variable made with CLOCK_MONOTONIC measures
 * pthread_cond_timedwait against that clock: it times out at the
 * monotonic abstime, not before (a realtime reading of that value would be
 * decades in the past).  POSIX.1-2017 pthread_condattr_setclock,
 * DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	SETUP(pthread_condattr_init(&a));
	EXPECT(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	SETUP(pthread_cond_init(&c, &a));
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 200);
	int r;
	while ((r = pthread_cond_timedwait(&c, &m, &abs)) == 0)
		;
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_MONOTONIC) < conf_ts_ns(&abs))
		FAIL("timed out before the CLOCK_MONOTONIC abstime");
	PASS();
}
