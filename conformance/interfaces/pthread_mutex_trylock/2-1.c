/* pthread_mutex_trylock of a mutex held by another thread returns EBUSY
 * at once.  POSIX.1-2017 pthread_mutex_trylock, ERRORS ([EBUSY]). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int try_other(void *arg)
{
	return pthread_mutex_trylock(&m);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, try_other, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("trylock of a held mutex did not return");
	EXPECT(conf_bg_join(&b), EBUSY);
	PASS();
}
