/* pthread_rwlock_clockrdlock by the thread holding the write lock
 * returns EDEADLK (as glibc) rather than waiting for the timeout.  glibc
 * 2.30 extension (POSIX.1-2024 "may fail" [EDEADLK]). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_rwlock_clockrdlock (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 300);
	SETUP(pthread_rwlock_wrlock(&rw));
	int r = pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &abs);
	if (r == ETIMEDOUT)
		UNSUPPORTED("not detected: the call timed out");
	EXPECT(r, EDEADLK);
	PASS();
}
#endif
