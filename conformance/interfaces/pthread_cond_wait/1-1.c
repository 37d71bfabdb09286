/* pthread_cond_wait blocks until the condition variable is signalled and
 * then returns 0.  POSIX.1-2017 pthread_cond_wait, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("pthread_cond_wait returned %s without a signal",
		     conf_err(b.ret));
	conf_msleep(50);
	if (b.done)
		FAIL("pthread_cond_wait returned %s without a signal",
		     conf_err(b.ret));
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
