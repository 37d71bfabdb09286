/* pthread_cond_signal may be called by a thread that does not hold the
 * mutex, and still wakes the waiter.  POSIX.1-2017 pthread_cond_signal,
 * DESCRIPTION ("may be called by a thread whether or not it currently
 * owns the mutex"). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int ready;

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
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_cond_signal(&c), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken by a signal sent without the "
		     "mutex");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
