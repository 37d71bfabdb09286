/* glibc: PTHREAD_RWLOCK_INITIALIZER is all-zero bytes, so zero-filled
 * memory is a default rwlock.  glibc ABI. */
#include "conf.h"

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc ABI property");
#else
	static const pthread_rwlock_t init = PTHREAD_RWLOCK_INITIALIZER;
	const unsigned char *p = (const unsigned char *)&init;
	for (size_t i = 0; i < sizeof init; i++)
		if (p[i])
			FAIL("byte %zu of PTHREAD_RWLOCK_INITIALIZER is %d", i,
			     p[i]);
	pthread_rwlock_t *rw = calloc(1, sizeof *rw);
	if (!rw)
		UNRESOLVED("calloc failed");
	EXPECT(pthread_rwlock_rdlock(rw), 0);
	EXPECT(pthread_rwlock_trywrlock(rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(rw), 0);
	EXPECT(pthread_rwlock_wrlock(rw), 0);
	EXPECT(pthread_rwlock_unlock(rw), 0);
	free(rw);
	PASS();
#endif
}
