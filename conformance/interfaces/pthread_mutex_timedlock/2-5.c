/* pthread_mutex_timedlock of a held mutex with an abstime that has
 * already passed returns ETIMEDOUT promptly.  POSIX.1-2017
 * pthread_mutex_timedlock, ERRORS ([ETIMEDOUT]). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int timed(void *arg)
{
	struct timespec past = conf_abs(CLOCK_REALTIME, -1000);
	int r = pthread_mutex_timedlock(&m, &past);
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
		FAIL("timedlock with a past abstime did not return");
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	PASS();
}
