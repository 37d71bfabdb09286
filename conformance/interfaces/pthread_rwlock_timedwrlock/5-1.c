/* pthread_rwlock_timedwrlock by the thread holding the write lock returns
 * EDEADLK (glibc implements this optional error).  POSIX.1-2017
 * pthread_rwlock_timedwrlock, ERRORS ("may fail" [EDEADLK]). */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 300);
	SETUP(pthread_rwlock_wrlock(&rw));
	int r = pthread_rwlock_timedwrlock(&rw, &abs);
	if (r == ETIMEDOUT)
		UNSUPPORTED("not detected: the call timed out");
	EXPECT(r, EDEADLK);
	PASS();
}
