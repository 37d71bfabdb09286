/* A recursive mutex whose lock count cannot grow further returns EAGAIN.
 * POSIX.1-2017 pthread_mutex_lock, ERRORS ([EAGAIN] "the maximum number of
 * recursive locks for mutex has been exceeded"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_need_slow("up to 2^32 relocks");
	alarm(1800);
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	for (unsigned long long n = 0;; n++) {
		int r = pthread_mutex_lock(&m);
		if (r == EAGAIN)
			PASS();
		if (r)
			FAIL("lock %llu returned %s", n, conf_err(r));
		if (n > (1ULL << 33))
			FAIL("no limit after %llu recursive locks", n);
	}
}
