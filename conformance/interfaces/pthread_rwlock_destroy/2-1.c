/* A destroyed rwlock can be initialised again and used.  POSIX.1-2017
 * pthread_rwlock_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	EXPECT(pthread_rwlock_destroy(&rw), 0);
	EXPECT(pthread_rwlock_init(&rw, NULL), 0);
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_destroy(&rw), 0);
	PASS();
}
