/* pthread_mutex_unlock returns 0 and releases the mutex: another thread
 * can then lock it.  POSIX.1-2017 pthread_mutex_unlock, DESCRIPTION and
 * RETURN VALUE. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int try_other(void *arg)
{
	int r = pthread_mutex_trylock(&m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
