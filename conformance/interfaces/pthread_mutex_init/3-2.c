/* glibc: PTHREAD_MUTEX_INITIALIZER is all-zero bytes, so zero-filled
 * memory (static, calloc) is a default mutex.  glibc ABI. */
#include "conf.h"

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc ABI property");
#else
	static const pthread_mutex_t init = PTHREAD_MUTEX_INITIALIZER;
	const unsigned char *p = (const unsigned char *)&init;
	for (size_t i = 0; i < sizeof init; i++)
		if (p[i])
			FAIL("byte %zu of PTHREAD_MUTEX_INITIALIZER is %d", i,
			     p[i]);
	pthread_mutex_t *m = calloc(1, sizeof *m);
	if (!m)
		UNRESOLVED("calloc failed");
	EXPECT(pthread_mutex_lock(m), 0);
	EXPECT(pthread_mutex_trylock(m), EBUSY);
	EXPECT(pthread_mutex_unlock(m), 0);
	EXPECT(pthread_mutex_destroy(m), 0);
	free(m);
	PASS();
#endif
}
