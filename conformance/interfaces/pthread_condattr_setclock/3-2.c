/* A CLOCK_MONOTONIC condition variable does not read abstime as realtime:
 * a realtime "now + 5 s" is decades ahead on the monotonic clock, so a
 * signal, not a timeout, must end the wait.  POSIX.1-2017
 * pthread_condattr_setclock, DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;
static int ready;

static int waiter(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 5000);
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_timedwait(&c, &m, &abs);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	pthread_condattr_t a;
	struct conf_bg b;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	SETUP(pthread_cond_init(&c, &a));
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the wait returned %s at once", conf_err(b.ret));
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
