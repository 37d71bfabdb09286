/* glibc: pthread_rwlockattr_setkind_np with the invalid kind -1 returns
 * EINVAL and leaves the kind unchanged.  glibc extension. */
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
	SETUP(pthread_rwlockattr_setkind_np(&a,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP));
	EXPECT(pthread_rwlockattr_setkind_np(&a, -1), EINVAL);
	SETUP(pthread_rwlockattr_getkind_np(&a, &v));
	EXPECT_EQ(v, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	PASS();
}
#endif
