/* pthread_rwlock_destroy of an unlocked lock returns 0.  POSIX.1-2017
 * pthread_rwlock_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw;
	SETUP(pthread_rwlock_init(&rw, NULL));
	SETUP(pthread_rwlock_rdlock(&rw));
	SETUP(pthread_rwlock_unlock(&rw));
	EXPECT(pthread_rwlock_destroy(&rw), 0);
	PASS();
}
