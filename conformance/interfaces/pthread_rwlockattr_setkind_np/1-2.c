/* glibc: pthread_rwlockattr_setkind_np(PTHREAD_RWLOCK_PREFER_WRITER_NP) returns 0 and
 * getkind_np reads it back.  glibc extension. */
#include "conf.h"

#ifndef __GLIBC__
int main(void)
{
	UNSUPPORTED("glibc extension");
}
#else
int main(void)
{
	pthread_rwlockattr_t a;
	int v = -1;
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NP), 0);
	SETUP(pthread_rwlockattr_getkind_np(&a, &v));
	EXPECT_EQ(v, PTHREAD_RWLOCK_PREFER_WRITER_NP);
	PASS();
}
#endif
