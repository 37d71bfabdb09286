/* A mutex made from a default attributes object behaves as a default
 * mutex: lock, trylock EBUSY, unlock.  POSIX.1-2017 pthread_mutexattr_init,
 * DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m;

static int lock_other(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	pthread_mutexattr_t a;
	struct conf_bg b;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutex_init(&m, &a));
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	conf_bg_start(&b, lock_other, 0);
	if (!conf_bg_blocked(&b))
		FAIL("another thread locked the held mutex");
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
