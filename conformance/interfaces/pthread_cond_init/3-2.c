/* glibc: PTHREAD_COND_INITIALIZER is all-zero bytes, so zero-filled memory
 * is a default condition variable.  glibc ABI. */
#include "conf.h"

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc ABI property");
#else
	static const pthread_cond_t init = PTHREAD_COND_INITIALIZER;
	const unsigned char *p = (const unsigned char *)&init;
	for (size_t i = 0; i < sizeof init; i++)
		if (p[i])
			FAIL("byte %zu of PTHREAD_COND_INITIALIZER is %d", i,
			     p[i]);
	pthread_cond_t *c = calloc(1, sizeof *c);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	if (!c)
		UNRESOLVED("calloc failed");
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 50);
	int r;
	do
		r = pthread_cond_timedwait(c, &m, &abs);
	while (r == 0);
	EXPECT(r, ETIMEDOUT);
	EXPECT(pthread_cond_signal(c), 0);
	EXPECT(pthread_cond_destroy(c), 0);
	free(c);
	PASS();
#endif
}
