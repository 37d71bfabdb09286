/* pthread_cond_init with a NULL attr returns 0 and gives a usable
 * condition variable: a signal wakes a waiter.  POSIX.1-2017
 * pthread_cond_init, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;
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
	EXPECT(pthread_cond_init(&c, NULL), 0);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	EXPECT(pthread_cond_signal(&c), 0);
	SETUP(pthread_mutex_unlock(&m));
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken");
	EXPECT(conf_bg_join(&b), 0);
	EXPECT(pthread_cond_destroy(&c), 0);
	PASS();
}
