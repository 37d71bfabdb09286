/* A destroyed condition variable can be initialised again and used, here
 * with a different clock.  POSIX.1-2017 pthread_cond_destroy,
 * DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_cond_t c;
	pthread_condattr_t a;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	SETUP(pthread_cond_init(&c, NULL));
	EXPECT(pthread_cond_destroy(&c), 0);
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	EXPECT(pthread_cond_init(&c, &a), 0);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 50);
	int r;
	do
		r = pthread_cond_timedwait(&c, &m, &abs);
	while (r == 0);
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_MONOTONIC) < conf_ts_ns(&abs))
		FAIL("returned before the CLOCK_MONOTONIC abstime");
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_cond_destroy(&c), 0);
	PASS();
}
