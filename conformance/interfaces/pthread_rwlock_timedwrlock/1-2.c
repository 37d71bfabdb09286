/* pthread_rwlock_timedwrlock never fails with a timeout when the lock can
 * be taken at once, even with an abstime in the past.  POSIX.1-2017
 * pthread_rwlock_timedwrlock, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec past = conf_abs(CLOCK_REALTIME, -1000);
	struct timespec epoch = { 0, 0 };
	EXPECT(pthread_rwlock_timedwrlock(&rw, &past), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_timedwrlock(&rw, &epoch), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
