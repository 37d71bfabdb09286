/* pthread_rwlockattr_init returns 0 and the object initialises a usable
 * rwlock.  POSIX.1-2017 pthread_rwlockattr_init, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	pthread_rwlock_t rw;
	EXPECT(pthread_rwlockattr_init(&a), 0);
	EXPECT(pthread_rwlock_init(&rw, &a), 0);
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
