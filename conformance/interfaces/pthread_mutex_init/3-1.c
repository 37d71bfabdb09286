/* A mutex initialised with PTHREAD_MUTEX_INITIALIZER is usable without a
 * call to pthread_mutex_init.  POSIX.1-2017 pthread_mutex_init,
 * DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int try_other(void *arg)
{
	return pthread_mutex_trylock(&m);
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_mutex_lock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
