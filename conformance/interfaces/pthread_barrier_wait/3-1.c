/* When the required number of threads have arrived the barrier resets to
 * its initial state: rounds do not mix, no thread runs ahead into the
 * next round's phase.  POSIX.1-2017 pthread_barrier_wait, DESCRIPTION
 * ("the barrier shall be reset to the state it had as a result of the most
 * recent pthread_barrier_init()"). */
#include "conf.h"

#define N 3
#define ROUNDS 500
static pthread_barrier_t b;
static volatile int phase[N];
static volatile int bad;

static void *worker(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		phase[me] = i;
		pthread_barrier_wait(&b);
		for (int j = 0; j < N; j++)
			if (phase[j] < i)
				bad = 1;
		pthread_barrier_wait(&b);
	}
	return 0;
}

int main(void)
{
	pthread_t t[N];
	SETUP(pthread_barrier_init(&b, NULL, N));
	for (int i = 0; i < N; i++)
		t[i] = conf_thread(worker, (void *)(intptr_t)i);
	for (int i = 0; i < N; i++)
		conf_join(t[i]);
	if (bad)
		FAIL("a thread passed the barrier before all had arrived");
	PASS();
}
