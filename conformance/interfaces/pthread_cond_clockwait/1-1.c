/* pthread_cond_clockwait with CLOCK_MONOTONIC returns ETIMEDOUT once abstime on that
 * clock has passed, not before, with the mutex re-acquired.  glibc 2.30
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
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 150);
	int r;
	while ((r = pthread_cond_clockwait(&c, &m, CLOCK_MONOTONIC, &abs)) == 0)
		;
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_MONOTONIC) < conf_ts_ns(&abs))
		FAIL("timed out before abstime");
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#endif
