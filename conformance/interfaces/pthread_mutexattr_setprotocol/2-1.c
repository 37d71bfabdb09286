/* pthread_mutexattr_setprotocol with the invalid protocol 3 fails
 * (EINVAL, or ENOTSUP for "unsupported") and leaves the protocol
 * unchanged.  POSIX.1-2017 pthread_mutexattr_setprotocol, ERRORS
 * ([ENOTSUP], "may fail" [EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
	int r = pthread_mutexattr_setprotocol(&a, 3);
	if (r != EINVAL && r != ENOTSUP)
		FAIL("setprotocol(3) returned %s", conf_err(r));
	SETUP(pthread_mutexattr_getprotocol(&a, &v));
	EXPECT_EQ(v, PTHREAD_PRIO_INHERIT);
	PASS();
}
