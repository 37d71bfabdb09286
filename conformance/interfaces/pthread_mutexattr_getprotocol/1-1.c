/* pthread_mutexattr_getprotocol returns 0 and PTHREAD_PRIO_NONE for a
 * default object.  POSIX.1-2017 pthread_mutexattr_getprotocol, DESCRIPTION
 * and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_getprotocol(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PRIO_NONE);
	PASS();
}
