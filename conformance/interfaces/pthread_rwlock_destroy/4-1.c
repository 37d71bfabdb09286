/* It is safe to destroy (and unmap) an rwlock as soon as the last holder
 * has unlocked it: a writer that was woken by the final read unlock
 * destroys and unmaps it at once, and the unlocking reader touches it no
 * more.  POSIX.1-2017 pthread_rwlock_destroy, DESCRIPTION. */
#include "conf.h"

static pthread_rwlock_t *volatile rw;

static void *last_user(void *arg)
{
	pthread_rwlock_t *p = rw;
	if (pthread_rwlock_wrlock(p) || pthread_rwlock_unlock(p) ||
	    pthread_rwlock_destroy(p))
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
		rw = page;
		SETUP(pthread_rwlock_init(rw, NULL));
		SETUP(pthread_rwlock_rdlock(rw));
		pthread_t t = conf_thread(last_user, 0);
		if (round & 1)
			sched_yield();
		EXPECT(pthread_rwlock_unlock(rw), 0);
		if (conf_join(t))
			FAIL("round %d: the last user could not lock, unlock "
			     "and destroy", round);
	}
	PASS();
}
