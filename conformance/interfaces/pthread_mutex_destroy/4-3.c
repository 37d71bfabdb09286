/* Optional: destroying a mutex that another thread uses in
 * pthread_cond_wait is detected with EBUSY (glibc does).  POSIX.1-2017
 * pthread_mutex_destroy, RATIONALE. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int go;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !go)
		r = pthread_cond_wait(&c, &m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the waiter did not block: %s", conf_err(b.ret));
	int r = pthread_mutex_destroy(&m);
	if (r == 0)
		UNSUPPORTED("destroying a mutex in use by a condition wait is "
			    "not detected");
	EXPECT(r, EBUSY);
	SETUP(pthread_mutex_lock(&m));
	go = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
