/* A fresh rwlock attributes object is PTHREAD_PROCESS_PRIVATE.
 * POSIX.1-2017 pthread_rwlockattr_getpshared, DESCRIPTION ("The default
 * value of the process-shared attribute shall be PTHREAD_PROCESS_PRIVATE"). */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	int v = -1;
	memset(&a, 0x5a, sizeof a);
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlockattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
