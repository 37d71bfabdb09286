/* pthread_rwlock_timedrdlock of a free lock returns 0 at once.
 * POSIX.1-2017 pthread_rwlock_timedrdlock, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	EXPECT(pthread_rwlock_timedrdlock(&rw, &abs), 0);
	EXPECT(pthread_rwlock_timedrdlock(&rw, &abs), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
