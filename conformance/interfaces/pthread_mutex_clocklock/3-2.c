/* pthread_mutex_clocklock with a thread CPU-time clock returns EINVAL.  glibc 2.30
 * extension: only CLOCK_REALTIME and CLOCK_MONOTONIC are accepted. */
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
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	return pthread_mutex_clocklock(&m, CLOCK_THREAD_CPUTIME_ID, &abs);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("clocklock with a bad clock did not return");
	EXPECT(conf_bg_join(&b), EINVAL);
	PASS();
}
#endif
