/* pthread_mutex_lock blocks while another thread holds the mutex and
 * returns 0, owning it, once the holder unlocks.  POSIX.1-2017
 * pthread_mutex_lock, DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static volatile int released;

static int locker(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0 && !released)
		return -1;
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, locker, 0);
	if (!conf_bg_blocked(&b))
		FAIL("lock returned %s while another thread held the mutex",
		     conf_err(b.ret));
	released = 1;
	EXPECT(pthread_mutex_unlock(&m), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the blocked locker was not released by unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
