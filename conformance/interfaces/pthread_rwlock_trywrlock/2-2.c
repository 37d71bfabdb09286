/* pthread_rwlock_trywrlock of a lock write-held by another thread returns EBUSY at once.
 * POSIX.1-2017 pthread_rwlock_trywrlock, ERRORS ([EBUSY] "The read-write
 * lock could not be acquired for writing because it was already locked
 * for reading or writing"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_write(void *arg)
{
	return pthread_rwlock_trywrlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, try_write, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("trywrlock blocked");
	EXPECT(conf_bg_join(&b), EBUSY);
	PASS();
}
