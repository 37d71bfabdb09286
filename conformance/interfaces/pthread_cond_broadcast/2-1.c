/* pthread_cond_broadcast with no thread blocked has no effect: a later wait
 * times out.  POSIX.1-2017 pthread_cond_broadcast, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	EXPECT(pthread_cond_broadcast(&c), 0);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 150);
	int r, wakeups = 0;
	while ((r = pthread_cond_timedwait(&c, &m, &abs)) == 0)
		wakeups++;
	EXPECT(r, ETIMEDOUT);
	if (wakeups > 1)
		FAIL("%d wakeups from a broadcast sent before the wait",
		     wakeups);
	PASS();
}
