/* pthread_mutexattr_getprioceiling returns 0 and the ceiling last set.
 * POSIX.1-2017 pthread_mutexattr_getprioceiling, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setprioceiling(&a, 23));
	EXPECT(pthread_mutexattr_getprioceiling(&a, &v), 0);
	EXPECT_EQ(v, 23);
	PASS();
}
