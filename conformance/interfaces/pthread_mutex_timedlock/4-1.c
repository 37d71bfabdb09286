/* pthread_mutex_timedlock that would block, with a tv_nsec greater than or equal to 1000 million,
 * returns EINVAL.  POSIX.1-2017 pthread_mutex_timedlock, ERRORS
 * ([EINVAL]). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int timed(void *arg)
{
	struct timespec bad = conf_abs(CLOCK_REALTIME, 2000);
	bad.tv_nsec = 1000000000;
	int r = pthread_mutex_timedlock(&m, &bad);
	if (r == 0)
		pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("timedlock with an invalid abstime did not return");
	EXPECT(conf_bg_join(&b), EINVAL);
	PASS();
}
