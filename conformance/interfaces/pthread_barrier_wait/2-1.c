/* In every round exactly one thread gets PTHREAD_BARRIER_SERIAL_THREAD
 * and the others get 0.  POSIX.1-2017 pthread_barrier_wait, RETURN VALUE. */
#include "conf.h"

#define N 4
#define ROUNDS 300
static pthread_barrier_t b;
static int serial[ROUNDS], zero[ROUNDS], other;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		int r = pthread_barrier_wait(&b);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial[i], 1, __ATOMIC_SEQ_CST);
		else if (r == 0)
			__atomic_add_fetch(&zero[i], 1, __ATOMIC_SEQ_CST);
		else
			__atomic_add_fetch(&other, 1, __ATOMIC_SEQ_CST);
	}
	return 0;
}

int main(void)
{
	pthread_t t[N];
	SETUP(pthread_barrier_init(&b, NULL, N));
	for (int i = 0; i < N; i++)
		t[i] = conf_thread(worker, 0);
	for (int i = 0; i < N; i++)
		conf_join(t[i]);
	if (other)
		FAIL("%d waits returned neither 0 nor the serial value", other);
	for (int i = 0; i < ROUNDS; i++)
		if (serial[i] != 1 || zero[i] != N - 1)
			FAIL("round %d: %d serial, %d zero", i, serial[i],
			     zero[i]);
	PASS();
}
