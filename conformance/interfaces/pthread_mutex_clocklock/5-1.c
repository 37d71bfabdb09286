/* pthread_mutex_clocklock returns 0 when the holder unlocks before
 * abstime.  glibc 2.30 extension (POSIX.1-2024). */
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
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 8000);
	int r = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &abs);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_blocked(&b))
		FAIL("clocklock returned %s while the mutex was held",
		     conf_err(b.ret));
	EXPECT(pthread_mutex_unlock(&m), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not released by unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
#endif
