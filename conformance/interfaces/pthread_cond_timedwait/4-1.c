/* pthread_cond_timedwait with a tv_nsec greater than or equal to 1000 million returns EINVAL (glibc
 * implements this optional error), with the mutex still held.
 * POSIX.1-2017 pthread_cond_timedwait, ERRORS ("may fail" [EINVAL] "The
 * value specified by abstime is invalid"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec bad = conf_abs(CLOCK_REALTIME, 1000);
	bad.tv_nsec = 1000000000;
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	int r = pthread_cond_timedwait(&c, &m, &bad);
	if (r == ETIMEDOUT || r == 0)
		UNSUPPORTED("an invalid abstime is not detected (%s)",
			    conf_err(r));
	EXPECT(r, EINVAL);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
