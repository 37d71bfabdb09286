/* pthread_mutex_clocklock with CLOCK_MONOTONIC on an unlocked mutex returns 0 and
 * the caller owns it.  glibc 2.30 extension (POSIX.1-2024). */
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
	struct timespec abs = conf_abs(CLOCK_MONOTONIC, 1000);
	EXPECT(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &abs), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#endif
