/* glibc: the exported alias __pthread_mutex_lock locks like
 * pthread_mutex_lock, on the same object the public names use (an
 * error-checking relock gives EDEADLK).  glibc compatibility symbol
 * (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_lock(pthread_mutex_t *);
CONF_COMPAT_SYMBOL(alias_lock, __pthread_mutex_lock, GLIBC_2.2.5);

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int lock_other(void *arg)
{
	int r = alias_lock(&m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	pthread_mutex_t ec;
	EXPECT(alias_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	conf_bg_start(&b, lock_other, 0);
	if (!conf_bg_blocked(&b))
		FAIL("another thread locked the held mutex");
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(conf_bg_join(&b), 0);
	conf_mutex_type(&ec, PTHREAD_MUTEX_ERRORCHECK);
	EXPECT(alias_lock(&ec), 0);
	EXPECT(alias_lock(&ec), EDEADLK);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
