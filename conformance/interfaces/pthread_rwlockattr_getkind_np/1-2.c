/* glibc: pthread_rwlockattr_getkind_np returns the kind last set, and the
 * process-shared attribute does not disturb it.  glibc extension. */
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
	SETUP(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_rwlockattr_getkind_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	SETUP(pthread_rwlockattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
#endif
