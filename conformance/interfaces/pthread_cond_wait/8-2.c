/* pthread_cond_wait returns ENOTRECOVERABLE when the robust mutex became
 * unrecoverable while the thread waited.  POSIX.1-2017 pthread_cond_wait,
 * ERRORS ([ENOTRECOVERABLE]). */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	ready = 1;
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m)); /* without consistent: unusable */
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter never returned");
	EXPECT(conf_bg_join(&b), ENOTRECOVERABLE);
	PASS();
}
