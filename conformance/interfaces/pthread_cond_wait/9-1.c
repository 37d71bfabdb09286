/* pthread_cond_wait works with a recursive mutex locked once: the mutex is
 * released while waiting and owned again on return.  POSIX.1-2017
 * pthread_cond_wait, DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	if (r)
		return r;
	r = pthread_mutex_unlock(&m);
	if (r)
		return r;
	return pthread_mutex_unlock(&m) == EPERM ? 0 : -1;
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	EXPECT(pthread_mutex_trylock(&m), 0);
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
