/* The count given to pthread_barrier_init is the number of threads that
 * must call pthread_barrier_wait before any of them returns: with count 3,
 * two waiters stay blocked until the third arrives.  POSIX.1-2017
 * pthread_barrier_init, DESCRIPTION. */
#include "conf.h"

static pthread_barrier_t b;

static int waiter(void *arg)
{
	return pthread_barrier_wait(&b);
}

int main(void)
{
	struct conf_bg w[2];
	EXPECT(pthread_barrier_init(&b, NULL, 3), 0);
	for (int i = 0; i < 2; i++) {
		conf_bg_start(&w[i], waiter, 0);
		if (!conf_bg_blocked(&w[i]))
			FAIL("waiter %d passed with fewer than 3 arrivals", i);
	}
	int r = pthread_barrier_wait(&b);
	int serial = r == PTHREAD_BARRIER_SERIAL_THREAD;
	for (int i = 0; i < 2; i++) {
		if (!conf_bg_wait(&w[i], CONF_PATIENCE_MS))
			FAIL("waiter %d not released by the third arrival", i);
		serial += conf_bg_join(&w[i]) == PTHREAD_BARRIER_SERIAL_THREAD;
	}
	EXPECT_EQ(serial, 1);
	PASS();
}
