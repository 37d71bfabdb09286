/* pthread_mutex_setprioceiling on a recursive priority-protect mutex the
 * caller holds changes the ceiling without deadlock, and the caller still
 * holds the mutex afterwards.  POSIX.1-2017 pthread_mutex_setprioceiling,
 * DESCRIPTION (lock, change, unlock: the relock is recursive). */
#include "conf.h"

static pthread_mutex_t m;

static int try_other(void *arg)
{
	return pthread_mutex_trylock(&m);
}

int main(void)
{
	struct conf_bg b;
	int old = -1, now = -1;
	conf_need_rt();
	conf_set_fifo(5);
	conf_mutex(&m, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_setprioceiling(&m, 25, &old), 0);
	EXPECT_EQ(old, 10);
	SETUP(pthread_mutex_getprioceiling(&m, &now));
	EXPECT_EQ(now, 25);
	conf_bg_start(&b, try_other, 0);
	if (conf_bg_join(&b) != EBUSY)
		FAIL("the caller no longer holds the mutex");
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
