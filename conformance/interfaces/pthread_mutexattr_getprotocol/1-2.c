/* pthread_mutexattr_getprotocol returns the protocol last set.
 * POSIX.1-2017 pthread_mutexattr_getprotocol, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
	EXPECT(pthread_mutexattr_getprotocol(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PRIO_INHERIT);
	if (pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT) == 0) {
		EXPECT(pthread_mutexattr_getprotocol(&a, &v), 0);
		EXPECT_EQ(v, PTHREAD_PRIO_PROTECT);
	}
	SETUP(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_NONE));
	EXPECT(pthread_mutexattr_getprotocol(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PRIO_NONE);
	PASS();
}
