/* The clock passed to pthread_cond_clockwait overrides the condition
 * variable's clock attribute: a CLOCK_MONOTONIC condition variable waited
 * on with a CLOCK_REALTIME abstime times out at that realtime.  glibc 2.30
 * extension (POSIX.1-2024). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_cond_clockwait (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_condattr_t a;
	pthread_cond_t c;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	SETUP(pthread_cond_init(&c, &a));
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 150);
	int r;
	while ((r = pthread_cond_clockwait(&c, &m, CLOCK_REALTIME, &abs)) == 0)
		;
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs))
		FAIL("timed out before the realtime abstime");
	PASS();
}
#endif
