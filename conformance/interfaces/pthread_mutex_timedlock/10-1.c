/* pthread_mutex_timedlock on a recursive mutex whose count cannot grow
 * returns EAGAIN.  POSIX.1-2017 pthread_mutex_timedlock, ERRORS
 * ([EAGAIN]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	conf_need_slow("up to 2^32 relocks");
	alarm(1800);
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	for (unsigned long long n = 0;; n++) {
		int r = pthread_mutex_timedlock(&m, &abs);
		if (r == EAGAIN)
			PASS();
		if (r)
			FAIL("timedlock %llu returned %s", n, conf_err(r));
		if (n > (1ULL << 33))
			FAIL("no limit after %llu recursive locks", n);
	}
}
