/* glibc: PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP gives a recursive mutex:
 * the owner may relock it and must unlock it as often.  glibc extension. */
#include "conf.h"

#ifdef PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
static pthread_mutex_t m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static int try_other(void *arg)
{
	int r = pthread_mutex_trylock(&m);
	if (r == 0)
		pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("no PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP");
}
#endif
