/* Release and block are atomic: a signal sent by a thread that locked the
 * mutex after the waiter released it in pthread_cond_wait is never lost.
 * Checked over many hand-offs.  POSIX.1-2017 pthread_cond_wait,
 * DESCRIPTION ("if another thread is able to acquire the mutex after the
 * about-to-block thread has released it, then a subsequent call to
 * pthread_cond_broadcast() or pthread_cond_signal() in that thread shall
 * behave as if it were issued after the about-to-block thread has
 * blocked"). */
#include "conf.h"

#define ROUNDS 3000
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int waiting, turn;

static void *signaller(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&m);
		while (!waiting) {
			pthread_mutex_unlock(&m);
			sched_yield();
			pthread_mutex_lock(&m);
		}
		/* The waiter set `waiting` under the mutex and is now inside
		 * pthread_cond_wait: this signal must reach it, although
		 * nothing else would ever wake it. */
		waiting = 0;
		turn++;
		pthread_cond_signal(&c);
		pthread_mutex_unlock(&m);
	}
	return 0;
}

int main(void)
{
	pthread_t t = conf_thread(signaller, 0);
	for (int i = 0; i < ROUNDS; i++) {
		SETUP(pthread_mutex_lock(&m));
		int want = turn + 1;
		waiting = 1;
		while (turn < want) {
			int r = pthread_cond_wait(&c, &m);
			if (r)
				FAIL("round %d: pthread_cond_wait returned %s", i,
				     conf_err(r));
		}
		SETUP(pthread_mutex_unlock(&m));
	}
	conf_join(t);
	PASS();
}
