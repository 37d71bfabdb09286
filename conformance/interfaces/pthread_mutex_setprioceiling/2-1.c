/* pthread_mutex_setprioceiling of a mutex held by another thread blocks
 * until the mutex is unlocked, then changes the ceiling.  POSIX.1-2017
 * pthread_mutex_setprioceiling, DESCRIPTION ("shall either lock the mutex
 * if it is unlocked, or block until it can successfully lock the mutex"). */
#include "conf.h"

static pthread_mutex_t m;
static int old = -1;

static int set_ceiling(void *arg)
{
	return pthread_mutex_setprioceiling(&m, 30, &old);
}

int main(void)
{
	struct conf_bg b;
	int now = -1;
	conf_need_rt();
	conf_set_fifo(5);
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, set_ceiling, 0);
	if (!conf_bg_blocked(&b))
		FAIL("setprioceiling returned %s while another thread held the "
		     "mutex", conf_err(b.ret));
	EXPECT(pthread_mutex_unlock(&m), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("setprioceiling still blocked after unlock");
	EXPECT(conf_bg_join(&b), 0);
	EXPECT_EQ(old, 10);
	SETUP(pthread_mutex_getprioceiling(&m, &now));
	EXPECT_EQ(now, 30);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
