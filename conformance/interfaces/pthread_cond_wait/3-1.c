/* On return from pthread_cond_wait the caller owns the mutex again: an
 * error-checking mutex unlocks without EPERM, and others cannot take it
 * meanwhile.  POSIX.1-2017 pthread_cond_wait, DESCRIPTION ("Upon
 * successful return, the mutex shall have been locked and shall be owned
 * by the calling thread"). */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;
static volatile int returned, may_unlock;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	if (r)
		return r;
	returned = 1;
	while (!may_unlock)
		conf_msleep(1);
	return pthread_mutex_unlock(&m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	while (!returned && !b.done)
		conf_msleep(1);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	may_unlock = 1;
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
