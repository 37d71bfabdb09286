/* A destroyed mutex attributes object can be initialised again with
 * pthread_mutexattr_init and then holds the defaults.  POSIX.1-2017
 * pthread_mutexattr_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE));
	SETUP(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_mutexattr_destroy(&a), 0);
	EXPECT(pthread_mutexattr_init(&a), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_DEFAULT);
	SETUP(pthread_mutexattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	EXPECT(pthread_mutexattr_destroy(&a), 0);
	PASS();
}
