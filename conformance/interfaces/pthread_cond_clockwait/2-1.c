/* pthread_cond_clockwait returns 0 when signalled before abstime.  glibc
 * 2.30 extension (POSIX.1-2024). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_cond_clockwait (glibc 2.30 extension)");
}
#else
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 8000);
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_clockwait(&c, &m, CLOCK_MONOTONIC, &abs);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken by the signal");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
#endif
