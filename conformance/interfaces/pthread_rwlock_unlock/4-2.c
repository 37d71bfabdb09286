/* Optional: pthread_rwlock_unlock by a thread that does not hold the write
 * lock is detected with EPERM, and the writer keeps the lock.
 * POSIX.1-2017 pthread_rwlock_unlock: undefined behaviour, RATIONALE
 * recommends [EPERM]. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int unlock_other(void *arg)
{
	return pthread_rwlock_unlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, unlock_other, 0);
	int r = conf_bg_join(&b);
	if (r == 0)
		UNSUPPORTED("unlock by a non-owner is not detected");
	EXPECT(r, EPERM);
	EXPECT(pthread_rwlock_tryrdlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
