/* pthread_barrier_wait is not a cancellation point: a thread cancelled
 * (deferred) while blocked at the barrier stays there until the barrier
 * completes, returns from the wait, and is cancelled only at the next
 * cancellation point.  POSIX.1-2017 (pthread_barrier_wait is not in the
 * list of cancellation points, 2.9.5.2). */
#include "conf.h"

static pthread_barrier_t b;
static volatile pid_t tid;
static volatile int passed;

static void *waiter(void *arg)
{
	tid = conf_gettid();
	pthread_barrier_wait(&b);
	passed = 1;
	for (;;)
		pthread_testcancel();
	return 0;
}

int main(void)
{
	SETUP(pthread_barrier_init(&b, NULL, 2));
	pthread_t t = conf_thread(waiter, 0);
	while (!tid)
		conf_msleep(1);
	if (!conf_wait_sleeping(tid, 0))
		UNRESOLVED("the waiter did not block");
	SETUP(pthread_cancel(t));
	conf_msleep(50);
	pthread_barrier_wait(&b);
	if (conf_join(t) != PTHREAD_CANCELED)
		FAIL("the thread was not cancelled at all");
	if (!passed)
		FAIL("the thread was cancelled inside pthread_barrier_wait");
	PASS();
}
