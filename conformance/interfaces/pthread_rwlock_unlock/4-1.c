/* Optional: pthread_rwlock_unlock of a lock nobody holds is detected with
 * EPERM.  POSIX.1-2017 pthread_rwlock_unlock: undefined behaviour,
 * RATIONALE recommends [EPERM]. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	int r = pthread_rwlock_unlock(&rw);
	if (r == 0)
		UNSUPPORTED("unlocking an unlocked rwlock is not detected");
	EXPECT(r, EPERM);
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	PASS();
}
