/* A signal delivered during pthread_cond_timedwait does not produce EINTR:
 * the call goes on to time out (or returns 0 as a spurious wakeup).
 * POSIX.1-2017 pthread_cond_timedwait, ERRORS (no [EINTR]). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static struct timespec abs_time;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0)
		r = pthread_cond_timedwait(&c, &m, &abs_time);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	abs_time = conf_abs(CLOCK_REALTIME, 1500);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the waiter did not block: %s", conf_err(b.ret));
	conf_interrupt(&b);
	int r = conf_bg_join(&b);
	if (r == ETIMEDOUT &&
	    conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs_time))
		FAIL("ETIMEDOUT before abstime after a signal");
	if (r != 0 && r != ETIMEDOUT)
		FAIL("pthread_cond_timedwait returned %s after a signal",
		     conf_err(r));
	PASS();
}
