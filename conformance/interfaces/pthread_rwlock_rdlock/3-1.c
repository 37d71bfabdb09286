/* A thread may hold several read locks on the same rwlock; it must unlock
 * as many times before a writer can get in.  POSIX.1-2017
 * pthread_rwlock_rdlock, DESCRIPTION ("A thread may hold multiple
 * concurrent read locks on rwlock ... the thread shall perform matching
 * unlocks"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_write(void *arg)
{
	int r = pthread_rwlock_trywrlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	for (int i = 0; i < 3; i++)
		EXPECT(pthread_rwlock_rdlock(&rw), 0);
	for (int i = 0; i < 2; i++) {
		EXPECT(pthread_rwlock_unlock(&rw), 0);
		conf_bg_start(&b, try_write, 0);
		if (conf_bg_join(&b) != EBUSY)
			FAIL("write-lockable after %d of 3 unlocks", i + 1);
	}
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	conf_bg_start(&b, try_write, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
