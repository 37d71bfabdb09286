/* pthread_cond_clockwait with an unknown clock id returns EINVAL and the caller still
 * holds the mutex.  glibc 2.30 extension: only CLOCK_REALTIME and
 * CLOCK_MONOTONIC are accepted. */
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
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_cond_clockwait(&c, &m, (clockid_t)12345, &abs), EINVAL);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#endif
