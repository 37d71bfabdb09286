/* pthread_mutex_trylock of a robust priority-inheritance mutex whose owner
 * terminated returns EOWNERDEAD.  POSIX.1-2017 pthread_mutex_trylock,
 * ERRORS ([EOWNERDEAD]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	EXPECT(pthread_mutex_trylock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
