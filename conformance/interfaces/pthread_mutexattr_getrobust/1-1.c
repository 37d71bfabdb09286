/* pthread_mutexattr_getrobust returns 0 and PTHREAD_MUTEX_STALLED for a
 * default object.  POSIX.1-2017 pthread_mutexattr_getrobust, DESCRIPTION
 * ("The default value of the robust attribute is PTHREAD_MUTEX_STALLED")
 * and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_getrobust(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_STALLED);
	PASS();
}
