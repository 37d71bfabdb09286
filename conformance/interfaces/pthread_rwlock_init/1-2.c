/* pthread_rwlock_init with a default attributes object returns 0 and
 * gives a usable lock.  POSIX.1-2017 pthread_rwlock_init, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	pthread_rwlock_t rw;
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlock_init(&rw, &a), 0);
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_destroy(&rw), 0);
	PASS();
}
