/* pthread_rwlock_clockwrlock with CLOCK_REALTIME on a free lock returns 0.  glibc
 * 2.30 extension (POSIX.1-2024). */
#include "conf.h"

#ifndef CONF_HAVE_CLOCK_VARIANTS
int main(void)
{
	UNSUPPORTED("no pthread_rwlock_clockwrlock (glibc 2.30 extension)");
}
#else
int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	EXPECT(pthread_rwlock_clockwrlock(&rw, CLOCK_REALTIME, &abs), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
#endif
