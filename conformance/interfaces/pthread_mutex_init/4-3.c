/* glibc: PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP gives a working mutex: it
 * excludes other threads and hands over to a blocked waiter on unlock.
 * glibc extension. */
#include "conf.h"

#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
static pthread_mutex_t m = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;

static int lock_other(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	conf_bg_start(&b, lock_other, 0);
	if (!conf_bg_blocked(&b))
		FAIL("another thread locked the held mutex: %s",
		     conf_err(b.ret));
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("no PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP");
}
#endif
