/* Optional: destroying a barrier while a thread is blocked on it is
 * detected with EBUSY.  POSIX.1-2017 pthread_barrier_destroy: undefined
 * behaviour, RATIONALE recommends [EBUSY]. */
#include "conf.h"

static pthread_barrier_t b;

static int waiter(void *arg)
{
	return pthread_barrier_wait(&b);
}

static int destroyer(void *arg)
{
	return pthread_barrier_destroy(&b);
}

int main(void)
{
	struct conf_bg w, d;
	SETUP(pthread_barrier_init(&b, NULL, 2));
	conf_bg_start(&w, waiter, 0);
	if (!conf_bg_blocked(&w))
		UNRESOLVED("the waiter did not block");
	conf_bg_start(&d, destroyer, 0);
	if (!conf_bg_wait(&d, 500))
		UNSUPPORTED("not detected: destroy waits for the barrier");
	int r = conf_bg_join(&d);
	if (r == 0)
		UNSUPPORTED("destroying a barrier in use is not detected");
	EXPECT(r, EBUSY);
	pthread_barrier_wait(&b); /* the barrier still works */
	conf_bg_join(&w);
	PASS();
}
