/* pthread_mutex_clocklock never fails with a timeout when the mutex is
 * free, even with an abstime in the past.  glibc 2.30 extension
 * (POSIX.1-2024, as timedlock). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_mutex_clocklock (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec past = { 0, 0 };
	EXPECT(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &past), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_clocklock(&m, CLOCK_REALTIME, &past), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#endif
