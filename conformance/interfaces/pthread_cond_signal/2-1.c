/* pthread_cond_signal with no thread blocked has no effect: a wait that
 * starts afterwards is not woken by it and times out.  POSIX.1-2017
 * pthread_cond_signal, DESCRIPTION ("shall have no effect if there are no
 * threads currently blocked on cond"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	EXPECT(pthread_cond_signal(&c), 0);
	EXPECT(pthread_cond_signal(&c), 0);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 150);
	int r, wakeups = 0;
	while ((r = pthread_cond_timedwait(&c, &m, &abs)) == 0)
		wakeups++;
	EXPECT(r, ETIMEDOUT);
	if (wakeups > 1)
		FAIL("%d wakeups from signals sent before the wait", wakeups);
	PASS();
}
