/* pthread_mutexattr_setrobust(PTHREAD_MUTEX_STALLED) returns 0 and getrobust reads it
 * back.  POSIX.1-2017 pthread_mutexattr_setrobust, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	EXPECT(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_STALLED), 0);
	SETUP(pthread_mutexattr_getrobust(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_STALLED);
	PASS();
}
