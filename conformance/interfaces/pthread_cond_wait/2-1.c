/* While a thread is blocked in pthread_cond_wait the mutex is released:
 * another thread can lock it.  POSIX.1-2017 pthread_cond_wait, DESCRIPTION
 * ("shall ... atomically release mutex"). */
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
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	EXPECT(pthread_mutex_trylock(&m), 0);
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
