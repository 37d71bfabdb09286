/* pthread_rwlockattr_getpshared returns 0 and PTHREAD_PROCESS_PRIVATE for
 * a default object.  POSIX.1-2017 pthread_rwlockattr_getpshared,
 * DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	int v = -1;
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlockattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
