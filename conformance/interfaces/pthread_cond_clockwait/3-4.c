/* pthread_cond_clockwait with tv_nsec out of range returns EINVAL.  glibc
 * 2.30 extension (POSIX.1-2024, as timedwait). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_cond_clockwait (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec bad = conf_abs(CLOCK_MONOTONIC, 1000);
	bad.tv_nsec = 1000000000;
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_cond_clockwait(&c, &m, CLOCK_MONOTONIC, &bad), EINVAL);
	PASS();
}
#endif
