/* It is safe to destroy (and unmap) a mutex as soon as it is unlocked:
 * the unlocking thread touches it no more once another thread has locked
 * it.  Each round puts the mutex on its own page and unmaps it right after
 * destroy, so a late access faults.  POSIX.1-2017 pthread_mutex_destroy,
 * DESCRIPTION ("It shall be safe to destroy an initialized mutex that is
 * unlocked"). */
#include "conf.h"

static pthread_mutex_t *volatile m;

static void *last_user(void *arg)
{
	pthread_mutex_t *p = m;
	if (pthread_mutex_lock(p) != 0 || pthread_mutex_unlock(p) != 0 ||
	    pthread_mutex_destroy(p) != 0)
		return (void *)1;
	munmap(p, 4096);
	return 0;
}

int main(void)
{
	for (int round = 0; round < 300; round++) {
		void *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED)
			UNRESOLVED("mmap failed");
		m = page;
		SETUP(pthread_mutex_init(m, NULL));
		SETUP(pthread_mutex_lock(m));
		pthread_t t = conf_thread(last_user, 0);
		if (round & 1)
			sched_yield();
		EXPECT(pthread_mutex_unlock(m), 0);
		if (conf_join(t))
			FAIL("round %d: the last user could not lock, unlock "
			     "and destroy", round);
	}
	PASS();
}
