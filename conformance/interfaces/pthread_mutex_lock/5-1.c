/* A signal delivered to a thread waiting for a mutex does not end the
 * wait: after the handler the thread waits on, and later returns 0, never
 * EINTR.  POSIX.1-2017 pthread_mutex_lock, DESCRIPTION and ERRORS ("shall
 * not return an error code of [EINTR]"). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int locker(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0)
		pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, locker, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("locker did not block: %s", conf_err(b.ret));
	if (!conf_interrupt(&b))
		FAIL("the wait ended with %s after a signal handler ran",
		     conf_err(b.ret));
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
