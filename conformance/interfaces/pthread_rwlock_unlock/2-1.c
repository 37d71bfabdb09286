/* Releasing one of several read locks held by different threads leaves
 * the lock read-locked.  POSIX.1-2017 pthread_rwlock_unlock, DESCRIPTION
 * ("If there are other read locks currently held on this read-write lock
 * object, the read-write lock object remains in the read locked state"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int held, release;

static void *reader(void *arg)
{
	if (pthread_rwlock_rdlock(&rw))
		return (void *)1;
	held = 1;
	while (!release)
		conf_msleep(1);
	return pthread_rwlock_unlock(&rw) ? (void *)2 : 0;
}

int main(void)
{
	pthread_t t = conf_thread(reader, 0);
	while (!held)
		conf_msleep(1);
	SETUP(pthread_rwlock_rdlock(&rw));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_tryrdlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	release = 1;
	if (conf_join(t))
		FAIL("the other reader failed");
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
