/* pthread_rwlock_tryrdlock when the maximum number of read locks is held
 * returns EAGAIN.  POSIX.1-2017 pthread_rwlock_tryrdlock, ERRORS
 * ([EAGAIN]). */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	conf_need_slow("up to 2^32 read locks");
	alarm(1800);
	for (unsigned long long n = 0;; n++) {
		int r = pthread_rwlock_tryrdlock(&rw);
		if (r == EAGAIN)
			PASS();
		if (r)
			FAIL("read lock %llu returned %s", n, conf_err(r));
		if (n > (1ULL << 33))
			FAIL("no limit after %llu read locks", n);
	}
}
