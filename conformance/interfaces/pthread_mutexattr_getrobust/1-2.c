/* pthread_mutexattr_getrobust returns the value last set.  POSIX.1-2017
 * pthread_mutexattr_getrobust, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	EXPECT(pthread_mutexattr_getrobust(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_ROBUST);
	PASS();
}
