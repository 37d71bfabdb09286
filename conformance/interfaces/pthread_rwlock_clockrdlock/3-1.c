/* pthread_rwlock_clockrdlock with a CPU-time clock returns EINVAL.  glibc 2.30
 * extension: only CLOCK_REALTIME and CLOCK_MONOTONIC are accepted. */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_rwlock_clockrdlock (glibc 2.30 extension)");
}
#else
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int timed(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	return pthread_rwlock_clockrdlock(&rw, CLOCK_PROCESS_CPUTIME_ID, &abs);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the call with a bad clock did not return");
	EXPECT(conf_bg_join(&b), EINVAL);
	PASS();
}
#endif
