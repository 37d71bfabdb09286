/* Unlocking a robust mutex in the inconsistent state (after EOWNERDEAD,
 * without pthread_mutex_consistent) leaves it permanently unusable.
 * POSIX.1-2017 pthread_mutex_unlock, DESCRIPTION ("If mutex is a robust
 * mutex and the mutex is in an inconsistent state ... the mutex shall be
 * marked permanently unusable"). */
#include "conf.h"

static pthread_mutex_t m;

static int lock_other(void *arg)
{
	return pthread_mutex_lock(&m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, lock_other, 0);
	EXPECT(conf_bg_join(&b), ENOTRECOVERABLE);
	EXPECT(pthread_mutex_trylock(&m), ENOTRECOVERABLE);
	PASS();
}
