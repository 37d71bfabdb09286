/* pthread_barrier_wait blocks until the required number of threads have
 * called it, then releases them all.  POSIX.1-2017 pthread_barrier_wait,
 * DESCRIPTION. */
#include "conf.h"

#define N 4
static pthread_barrier_t b;

static int waiter(void *arg)
{
	return pthread_barrier_wait(&b);
}

int main(void)
{
	struct conf_bg w[N - 1];
	SETUP(pthread_barrier_init(&b, NULL, N));
	for (int i = 0; i < N - 1; i++) {
		conf_bg_start(&w[i], waiter, 0);
		if (!conf_bg_blocked(&w[i]))
			FAIL("waiter %d returned %d before all arrived", i,
			     w[i].ret);
	}
	int r = pthread_barrier_wait(&b);
	if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
		FAIL("the last arrival got %d", r);
	for (int i = 0; i < N - 1; i++)
		if (!conf_bg_wait(&w[i], CONF_PATIENCE_MS))
			FAIL("waiter %d was not released", i);
	PASS();
}
