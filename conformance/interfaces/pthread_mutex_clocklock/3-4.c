/* pthread_mutex_clocklock that would block, with tv_nsec out of range,
 * returns EINVAL.  glibc 2.30 extension (POSIX.1-2024, as timedlock). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_mutex_clocklock (glibc 2.30 extension)");
}
#else
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int timed(void *arg)
{
	struct timespec bad = conf_abs(CLOCK_MONOTONIC, 1000);
	bad.tv_nsec = 1000000000;
	return pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &bad);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("clocklock with an invalid abstime did not return");
	EXPECT(conf_bg_join(&b), EINVAL);
	PASS();
}
#endif
