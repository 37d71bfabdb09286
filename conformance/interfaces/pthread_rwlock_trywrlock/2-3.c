/* pthread_rwlock_trywrlock by the thread holding the lock (for reading or
 * writing) returns EBUSY.  POSIX.1-2017 pthread_rwlock_trywrlock, ERRORS
 * ([EBUSY]). */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	SETUP(pthread_rwlock_wrlock(&rw));
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	SETUP(pthread_rwlock_rdlock(&rw));
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
