/* pthread_rwlock_init with a NULL attr returns 0 and gives a usable lock:
 * shared read locks, exclusive write lock.  POSIX.1-2017
 * pthread_rwlock_init, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw;
	EXPECT(pthread_rwlock_init(&rw, NULL), 0);
	EXPECT(pthread_rwlock_rdlock(&rw), 0);
	EXPECT(pthread_rwlock_tryrdlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	EXPECT(pthread_rwlock_tryrdlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_destroy(&rw), 0);
	PASS();
}
