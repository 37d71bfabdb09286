/* pthread_cond_clockwait with an error-checking mutex the caller does not
 * own returns EPERM.  glibc 2.30 extension (POSIX.1-2024). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_cond_clockwait (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 500);
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	EXPECT(pthread_cond_clockwait(&c, &m, CLOCK_MONOTONIC, &abs), EPERM);
	PASS();
}
#endif
