/* pthread_rwlock_rdlock when the maximum number of read locks is held
 * returns EAGAIN.  POSIX.1-2017 pthread_rwlock_rdlock, ERRORS ([EAGAIN]
 * "The read lock could not be acquired because the maximum number of read
 * locks for rwlock has been exceeded"). */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	conf_need_slow("up to 2^32 read locks");
	alarm(1800);
	for (unsigned long long n = 0;; n++) {
		int r = pthread_rwlock_rdlock(&rw);
		if (r == EAGAIN)
			PASS();
		if (r)
			FAIL("read lock %llu returned %s", n, conf_err(r));
		if (n > (1ULL << 33))
			FAIL("no limit after %llu read locks", n);
	}
}
