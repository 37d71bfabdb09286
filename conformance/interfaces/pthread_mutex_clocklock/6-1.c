/* pthread_mutex_clocklock of a robust mutex whose owner terminated returns
 * EOWNERDEAD.  glibc 2.30 extension (POSIX.1-2024). */
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
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	EXPECT(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &abs), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#endif
