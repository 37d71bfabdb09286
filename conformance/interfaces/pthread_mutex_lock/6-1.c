/* A robust mutex whose owning thread terminated while holding it: the next
 * pthread_mutex_lock returns EOWNERDEAD and the caller owns the mutex.
 * POSIX.1-2017 pthread_mutex_lock, ERRORS ("may fail" [EOWNERDEAD] for a
 * terminated owning thread; Linux and glibc detect it). */
#include "conf.h"

static pthread_mutex_t m;

static int try_other(void *arg)
{
	return pthread_mutex_trylock(&m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	EXPECT(pthread_mutex_lock(&m), EOWNERDEAD);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
