/* Destroying the attributes object after pthread_cond_init does not affect
 * the condition variable: its CLOCK_MONOTONIC clock stays in force.
 * POSIX.1-2017 pthread_condattr_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	EXPECT(pthread_cond_init(&c, &a), 0);
	SETUP(pthread_condattr_destroy(&a));
	memset(&a, 0, sizeof a);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 150);
	int r;
	do
		r = pthread_cond_timedwait(&c, &m, &abs);
	while (r == 0);
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_MONOTONIC) < conf_ts_ns(&abs))
		FAIL("returned before the CLOCK_MONOTONIC abstime: the clock "
		     "attribute was lost");
	PASS();
}
