/* pthread_cond_init with a default attributes object returns 0 and the
 * condition variable times out on CLOCK_REALTIME.  POSIX.1-2017
 * pthread_cond_init, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	SETUP(pthread_condattr_init(&a));
	EXPECT(pthread_cond_init(&c, &a), 0);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 100);
	int r;
	do
		r = pthread_cond_timedwait(&c, &m, &abs);
	while (r == 0);
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs))
		FAIL("timed out before abstime");
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_cond_destroy(&c), 0);
	PASS();
}
