/* pthread_rwlockattr_destroy returns 0.  POSIX.1-2017
 * pthread_rwlockattr_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlockattr_destroy(&a), 0);
	PASS();
}
