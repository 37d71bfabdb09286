/* pthread_cond_wait is a cancellation point: a thread cancelled while
 * blocked in it runs its cleanup handlers with the mutex re-acquired.
 * POSIX.1-2017 pthread_cond_wait, DESCRIPTION ("A condition wait ... is a
 * cancellation point. When the cancelability type is
 * PTHREAD_CANCEL_DEFERRED, a side-effect of acting upon a cancellation
 * request while in a condition wait is that the mutex is (in effect)
 * re-acquired before calling the first cancellation cleanup handler"). */
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
	tid = conf_gettid();
	pthread_mutex_lock(&m);
	pthread_cleanup_push(cleanup, 0);
	for (;;)
		pthread_cond_wait(&c, &m);
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
	void *v = conf_join(t);
	if (v != PTHREAD_CANCELED)
		FAIL("the thread was not cancelled");
	if (cleanup_unlock != 0)
		FAIL("in the cleanup handler unlock returned %s: the mutex was "
		     "not re-acquired", conf_err(cleanup_unlock));
	EXPECT(pthread_mutex_trylock(&m), 0);
	PASS();
}
