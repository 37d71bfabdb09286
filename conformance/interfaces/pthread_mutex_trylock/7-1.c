/* pthread_mutex_trylock on a recursive mutex whose lock count cannot grow
 * returns EAGAIN.  POSIX.1-2017 pthread_mutex_trylock, ERRORS
 * ([EAGAIN]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_need_slow("up to 2^32 relocks");
	alarm(1800);
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	for (unsigned long long n = 0;; n++) {
		int r = pthread_mutex_trylock(&m);
		if (r == EAGAIN)
			PASS();
		if (r)
			FAIL("trylock %llu returned %s", n, conf_err(r));
		if (n > (1ULL << 33))
			FAIL("no limit after %llu recursive locks", n);
	}
}
