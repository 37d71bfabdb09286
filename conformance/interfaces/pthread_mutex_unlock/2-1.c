/* Unlocking a recursive mutex decrements its lock count; it is released
 * only when the count reaches zero.  POSIX.1-2017 pthread_mutex_unlock,
 * DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m;

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
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	SETUP(pthread_mutex_lock(&m));
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	if (conf_bg_join(&b) != EBUSY)
		FAIL("released after one of two unlocks");
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
