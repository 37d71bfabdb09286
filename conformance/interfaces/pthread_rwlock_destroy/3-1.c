/* Optional: destroying a write-locked rwlock is detected with EBUSY.
 * POSIX.1-2017 pthread_rwlock_destroy: undefined behaviour, RATIONALE
 * recommends [EBUSY]. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw;
	SETUP(pthread_rwlock_init(&rw, NULL));
	SETUP(pthread_rwlock_wrlock(&rw));
	int r = pthread_rwlock_destroy(&rw);
	if (r == 0)
		UNSUPPORTED("destroying a write-locked rwlock is not detected");
	EXPECT(r, EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_destroy(&rw), 0);
	PASS();
}
