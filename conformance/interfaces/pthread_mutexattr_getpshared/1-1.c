/* pthread_mutexattr_getpshared returns 0 and PTHREAD_PROCESS_PRIVATE for
 * a default object.  POSIX.1-2017 pthread_mutexattr_getpshared,
 * DESCRIPTION ("The default value of the attribute shall be
 * PTHREAD_PROCESS_PRIVATE") and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
