/* pthread_mutexattr_settype(PTHREAD_MUTEX_NORMAL) returns 0 and
 * pthread_mutexattr_gettype reads it back.  POSIX.1-2017
 * pthread_mutexattr_settype, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_NORMAL);
	PASS();
}
