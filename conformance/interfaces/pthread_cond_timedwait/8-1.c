/* pthread_cond_timedwait returns EOWNERDEAD when the robust mutex's owner
 * died before the waiter re-acquired it.  POSIX.1-2017
 * pthread_cond_timedwait, ERRORS ([EOWNERDEAD]). */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 8000);
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_timedwait(&c, &m, &abs);
	return r;
}

static void *signal_and_die(void *arg)
{
	if (pthread_mutex_lock(&m))
		return (void *)1;
	ready = 1;
	pthread_cond_signal(&c);
	conf_msleep(100); /* the waiter now sleeps on the mutex itself */
	return 0;
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_err(b.ret));
	if (conf_join(conf_thread(signal_and_die, 0)))
		UNRESOLVED("the signaller could not lock");
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter never returned after the owner died");
	EXPECT(conf_bg_join(&b), EOWNERDEAD);
	PASS();
}
