/* pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED) returns 0 and getpshared reads it
 * back.  POSIX.1-2017 pthread_mutexattr_setpshared, DESCRIPTION and
 * RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED == PTHREAD_PROCESS_SHARED ?
					     PTHREAD_PROCESS_PRIVATE :
					     PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	SETUP(pthread_mutexattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
