/* A signal delivered to a thread blocked in pthread_barrier_wait does not
 * release it: after the handler it waits on until the barrier completes.
 * POSIX.1-2017 pthread_barrier_wait, DESCRIPTION ("If a signal is
 * delivered to a thread blocked on a barrier, upon return from the signal
 * handler the thread shall resume waiting at the barrier if the barrier
 * wait has not completed"). */
#include "conf.h"

static pthread_barrier_t b;

static int waiter(void *arg)
{
	return pthread_barrier_wait(&b);
}

int main(void)
{
	struct conf_bg w;
	conf_catch(SIGUSR1);
	SETUP(pthread_barrier_init(&b, NULL, 2));
	conf_bg_start(&w, waiter, 0);
	if (!conf_bg_blocked(&w))
		UNRESOLVED("the waiter did not block");
	if (!conf_interrupt(&w))
		FAIL("the wait ended (%d) after a signal handler ran", w.ret);
	int r = pthread_barrier_wait(&b);
	int o = conf_bg_join(&w);
	if (r + o != PTHREAD_BARRIER_SERIAL_THREAD || (r && o))
		FAIL("wait returned %d and %d", r, o);
	PASS();
}
