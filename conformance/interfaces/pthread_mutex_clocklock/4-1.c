/* pthread_mutex_clocklock of an error-checking mutex the caller owns
 * returns EDEADLK.  glibc 2.30 extension (POSIX.1-2024). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_mutex_clocklock (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_mutex_t m;
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 1000);
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &abs), EDEADLK);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#endif
