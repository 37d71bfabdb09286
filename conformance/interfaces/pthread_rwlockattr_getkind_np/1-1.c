/* glibc: pthread_rwlockattr_getkind_np returns 0 and
 * PTHREAD_RWLOCK_PREFER_READER_NP for a default object.  glibc extension. */
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
	EXPECT(pthread_rwlockattr_getkind_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_RWLOCK_PREFER_READER_NP);
	PASS();
}
#endif
