/* A thread that terminates holding several robust mutexes (normal,
 * recursive, priority-inheritance) leaves each of them to its next owner
 * with EOWNERDEAD.  POSIX.1-2017 pthread_mutex_lock, ERRORS
 * ([EOWNERDEAD]). */
#include "conf.h"

static pthread_mutex_t m[3];

static void *lock_all_and_exit(void *arg)
{
	for (int i = 0; i < 3; i++)
		if (pthread_mutex_lock(&m[i]))
			return (void *)1;
	if (pthread_mutex_lock(&m[1])) /* recursive: count 2 */
		return (void *)1;
	return 0;
}

int main(void)
{
	conf_mutex_robust(&m[0], PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_mutex_robust(&m[1], PTHREAD_MUTEX_RECURSIVE,
			  PTHREAD_PROCESS_PRIVATE);
	conf_mutex(&m[2], PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_ROBUST,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	if (conf_join(conf_thread(lock_all_and_exit, 0)))
		UNRESOLVED("the doomed owner could not lock");
	for (int i = 0; i < 3; i++) {
		int r = pthread_mutex_trylock(&m[i]);
		if (r != EOWNERDEAD)
			FAIL("mutex %d: trylock returned %s, expected "
			     "EOWNERDEAD", i, conf_err(r));
		EXPECT(pthread_mutex_consistent(&m[i]), 0);
		EXPECT(pthread_mutex_unlock(&m[i]), 0);
		EXPECT(pthread_mutex_unlock(&m[i]), EPERM);
	}
	PASS();
}
