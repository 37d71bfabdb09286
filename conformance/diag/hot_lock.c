/* A known hot lock: NTHREADS threads each lock `hot` ITERS times in
 * hot_lock_worker(); `cold` is locked once per thread in cold_setup().
 * The profile must rank `hot` first with exactly NTHREADS * ITERS + 1
 * acquisitions (the +1 is main's), name hot_lock_worker in its
 * backtraces, and show `cold` with NTHREADS acquisitions, first used in
 * cold_setup.
 *
 * Contention is made certain, not left to the scheduler:
 *   1. main locks `hot` before any worker exists;
 *   2. the workers start and block on `hot` in hot_lock_worker;
 *   3. main waits until the lock word says "sleepers possible" (2: a
 *      worker failed to take it and went to sleep), then unlocks.
 * So at least one acquisition in hot_lock_worker was contended. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t hot = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cold = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long counter;

__attribute__((noinline)) static void cold_setup(void)
{
	pthread_mutex_lock(&cold);
	pthread_mutex_unlock(&cold);
}

__attribute__((noinline)) static void hot_lock_worker(void)
{
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&hot);
		for (int k = 0; k < 50; k++) /* a little work inside */
			counter++;
		pthread_mutex_unlock(&hot);
	}
}

static void *thread_main(void *arg)
{
	(void)arg;
	cold_setup();
	hot_lock_worker();
	return 0;
}

int main(void)
{
	pthread_t t[NTHREADS];
	pthread_mutex_lock(&hot);
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], 0, thread_main, 0))
			abort();
	/* fxpthread's mutex word sits where glibc's __lock does. */
	while (__atomic_load_n(&hot.__data.__lock, __ATOMIC_ACQUIRE) < 2)
		sched_yield();
	pthread_mutex_unlock(&hot);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], 0);
	if (counter != 50ul * NTHREADS * ITERS)
		abort();
	printf("hot=%p cold=%p\n", (void *)&hot, (void *)&cold);
	return 0;
}
