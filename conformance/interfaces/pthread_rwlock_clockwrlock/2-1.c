/* pthread_rwlock_clockwrlock with CLOCK_MONOTONIC on a read-held lock returns
 * ETIMEDOUT, not before abstime on that clock.  glibc 2.30 extension
 * (POSIX.1-2024). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_rwlock_clockwrlock (glibc 2.30 extension)");
}
#else
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static struct timespec abs_time;

static int timed(void *arg)
{
	return pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &abs_time);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_rdlock(&rw));
	abs_time = conf_abs(CLOCK_MONOTONIC, 150);
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, 5000))
		FAIL("still blocked 5 s after a 150 ms timeout");
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	if (conf_now_ns(CLOCK_MONOTONIC) < conf_ts_ns(&abs_time))
		FAIL("timed out before abstime");
	PASS();
}
#endif
