/* A robust recursive mutex keeps a lock count: the owner may relock it, and it becomes
 * available to others only when unlocked as many times.  POSIX.1-2017
 * pthread_mutex_lock, DESCRIPTION (PTHREAD_MUTEX_RECURSIVE). */
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
	conf_mutex(&m, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ROBUST,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 3; i++)
		EXPECT(pthread_mutex_lock(&m), 0);
	for (int i = 0; i < 2; i++) {
		EXPECT(pthread_mutex_unlock(&m), 0);
		conf_bg_start(&b, try_other, 0);
		if (conf_bg_join(&b) != EBUSY)
			FAIL("available to another thread after %d of 3 "
			     "unlocks", i + 1);
	}
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
