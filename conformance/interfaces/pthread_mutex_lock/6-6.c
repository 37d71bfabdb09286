/* A robust mutex passes through several owners that each die holding it:
 * every next owner gets EOWNERDEAD, recovers it, and the last one uses it
 * normally.  POSIX.1-2017 pthread_mutex_lock, ERRORS ([EOWNERDEAD]) and
 * pthread_mutex_consistent. */
#include "conf.h"

static pthread_mutex_t m;

static void *recover_and_die(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r != EOWNERDEAD)
		return (void *)(intptr_t)(r ? r : -1);
	if (pthread_mutex_consistent(&m))
		return (void *)-2;
	return 0; /* dies holding it, consistent */
}

int main(void)
{
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	for (int i = 0; i < 5; i++) {
		intptr_t r = (intptr_t)conf_join(conf_thread(recover_and_die, 0));
		if (r)
			FAIL("owner %d: lock did not report EOWNERDEAD (%s)",
			     i + 2, conf_err((int)r));
	}
	EXPECT(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
