/* pthread_mutex_timedlock returns 0, owning the mutex, when the holder
 * unlocks before abstime.  POSIX.1-2017 pthread_mutex_timedlock,
 * DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int timed(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 8000);
	int r = pthread_mutex_timedlock(&m, &abs);
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
		FAIL("timedlock returned %s while the mutex was held",
		     conf_err(b.ret));
	EXPECT(pthread_mutex_unlock(&m), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not released by unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
