/* pthread_mutexattr_setprotocol(PTHREAD_PRIO_INHERIT) returns 0 and
 * getprotocol reads it back.  POSIX.1-2017 pthread_mutexattr_setprotocol,
 * DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	int r = pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	if (r == ENOTSUP)
		UNSUPPORTED("PTHREAD_PRIO_INHERIT is not supported");
	EXPECT(r, 0);
	SETUP(pthread_mutexattr_getprotocol(&a, &v));
	EXPECT_EQ(v, PTHREAD_PRIO_INHERIT);
	PASS();
}
