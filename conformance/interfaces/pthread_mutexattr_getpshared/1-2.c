/* pthread_mutexattr_getpshared returns the value last set.  POSIX.1-2017
 * pthread_mutexattr_getpshared, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_mutexattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE));
	EXPECT(pthread_mutexattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
