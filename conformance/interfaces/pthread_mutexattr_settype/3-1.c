/* Setting the type leaves the other attributes (process-shared,
 * robustness, protocol) as they were.  POSIX.1-2017
 * pthread_mutexattr_settype, DESCRIPTION (sets the type attribute). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	SETUP(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
	EXPECT(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	SETUP(pthread_mutexattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_mutexattr_getrobust(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ROBUST);
	SETUP(pthread_mutexattr_getprotocol(&a, &v));
	EXPECT_EQ(v, PTHREAD_PRIO_INHERIT);
	PASS();
}
