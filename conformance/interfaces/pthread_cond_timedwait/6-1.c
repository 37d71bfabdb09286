/* pthread_cond_timedwait is a cancellation point: a thread cancelled in it
 * runs its cleanup handlers with the mutex re-acquired.  POSIX.1-2017
 * pthread_cond_timedwait, DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile pid_t tid;
static volatile int cleanup_unlock = -1;

static void cleanup(void *arg)
{
	cleanup_unlock = pthread_mutex_unlock(&m);
}

static void *waiter(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 20000);
	tid = conf_gettid();
	pthread_mutex_lock(&m);
	pthread_cleanup_push(cleanup, 0);
	for (;;)
		pthread_cond_timedwait(&c, &m, &abs);
	pthread_cleanup_pop(0);
	return 0;
}

int main(void)
{
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	pthread_t t = conf_thread(waiter, 0);
	while (!tid)
		conf_msleep(1);
	if (!conf_wait_sleeping(tid, 0))
		UNRESOLVED("the waiter did not block");
	SETUP(pthread_cancel(t));
	if (conf_join(t) != PTHREAD_CANCELED)
		FAIL("the thread was not cancelled");
	if (cleanup_unlock != 0)
		FAIL("in the cleanup handler unlock returned %s: the mutex was "
		     "not re-acquired", conf_err(cleanup_unlock));
	PASS();
}
