/* glibc: a fresh rwlock attributes object has the kind
 * PTHREAD_RWLOCK_PREFER_READER_NP (PTHREAD_RWLOCK_DEFAULT_NP).  glibc
 * extension. */
#include "conf.h"

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc extension");
#else
	pthread_rwlockattr_t a;
	int v = -1;
	memset(&a, 0x5a, sizeof a);
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlockattr_getkind_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_RWLOCK_PREFER_READER_NP);
	EXPECT_EQ(v, PTHREAD_RWLOCK_DEFAULT_NP);
	PASS();
#endif
}
