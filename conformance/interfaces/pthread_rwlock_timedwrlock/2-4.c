/* The timeout of pthread_rwlock_timedwrlock is measured on CLOCK_REALTIME:
 * an abstime read from CLOCK_MONOTONIC expires at once.  POSIX.1-2017
 * pthread_rwlock_timedwrlock, DESCRIPTION. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int timed(void *arg)
{
	struct timespec mono = conf_abs(CLOCK_MONOTONIC, 5000);
	return pthread_rwlock_timedwrlock(&rw, &mono);
}

int main(void)
{
	struct conf_bg b;
	if (conf_now_ns(CLOCK_REALTIME) - conf_now_ns(CLOCK_MONOTONIC) <
	    3600LL * 1000000000LL)
		UNRESOLVED("cannot tell CLOCK_MONOTONIC from CLOCK_REALTIME");
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, 2500))
		FAIL("still waiting: the abstime was not read as realtime");
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	PASS();
}
