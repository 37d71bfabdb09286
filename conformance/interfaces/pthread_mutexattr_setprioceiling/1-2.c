/* The ceiling set in the attributes object becomes the mutex's ceiling.
 * POSIX.1-2017 pthread_mutexattr_setprioceiling, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT));
	EXPECT(pthread_mutexattr_setprioceiling(&a, 42), 0);
	SETUP(pthread_mutex_init(&m, &a));
	SETUP(pthread_mutex_getprioceiling(&m, &v));
	EXPECT_EQ(v, 42);
	PASS();
}
