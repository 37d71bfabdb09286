/* pthread_rwlock_clockrdlock returns 0 when the lock is released before
 * abstime.  glibc 2.30 extension (POSIX.1-2024). */
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
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 8000);
	int r = pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &abs);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the call returned %s while the lock was write-held",
		     conf_err(b.ret));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not released");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
#endif
