/* pthread_rwlock_tryrdlock by the thread holding the write lock returns
 * EBUSY (it never blocks).  POSIX.1-2017 pthread_rwlock_tryrdlock,
 * ERRORS ([EBUSY]). */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	SETUP(pthread_rwlock_wrlock(&rw));
	EXPECT(pthread_rwlock_tryrdlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
