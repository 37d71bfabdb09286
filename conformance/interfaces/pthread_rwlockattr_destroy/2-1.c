/* A destroyed rwlock attributes object can be initialised again and then
 * holds the defaults.  POSIX.1-2017 pthread_rwlockattr_destroy,
 * DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	int v = -1;
	SETUP(pthread_rwlockattr_init(&a));
	SETUP(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_rwlockattr_destroy(&a), 0);
	EXPECT(pthread_rwlockattr_init(&a), 0);
	SETUP(pthread_rwlockattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
