/* A robust priority-inheritance mutex whose owning thread terminated: the
 * next lock returns EOWNERDEAD and the mutex can be made consistent.
 * POSIX.1-2017 pthread_mutex_lock, ERRORS ([EOWNERDEAD]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	EXPECT(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
