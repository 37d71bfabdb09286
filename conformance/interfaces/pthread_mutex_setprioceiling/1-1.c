/* pthread_mutex_setprioceiling of an unlocked mutex returns 0, stores the
 * new ceiling, returns the old one, and leaves the mutex unlocked (a
 * second call from another thread does not block).  POSIX.1-2017
 * pthread_mutex_setprioceiling, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_mutex_t m;
static int old2 = -1;

static int set_again(void *arg)
{
	return pthread_mutex_setprioceiling(&m, 21, &old2);
}

int main(void)
{
	struct conf_bg b;
	int old = -1, now = -1;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	EXPECT(pthread_mutex_setprioceiling(&m, 20, &old), 0);
	EXPECT_EQ(old, 10);
	SETUP(pthread_mutex_getprioceiling(&m, &now));
	EXPECT_EQ(now, 20);
	conf_bg_start(&b, set_again, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("a second setprioceiling blocked: the mutex was left "
		     "locked");
	EXPECT(conf_bg_join(&b), 0);
	EXPECT_EQ(old2, 20);
	PASS();
}
