/* Replay on the real library of a counterexample that spin found in an
 * earlier rwlock (before 2b193a6, writers on a separate wseq word): with
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, a reader could go to sleep
 * on a free lock that nobody would release again.
 *
 *   1. R holds a read lock; W calls wrlock, finds it busy, counts itself
 *      in nwwait and sleeps.
 *   2. R unlocks (last reader: wakes W) and calls rdlock again:
 *      fx_rwlock_rdlock_slow loads state (0) and nwwait (1), so it must
 *      wait for the writer (R3).
 *   3. Before R's next step, W takes the lock (nwwait 0) and releases it:
 *      no READERS_WAITING yet, so no reader wake.  state is 0 again.
 *   4. R's CAS(0 -> READERS_WAITING) succeeds (the state went 0 -> W -> 0)
 *      and R sleeps on the state word.  Nobody holds the lock, nobody
 *      waits to write: no unlock will ever wake R.
 *
 * The current code re-reads nwwait after setting READERS_WAITING (R3 in
 * docs/rwlock.md), and docs/models/rwlock.pml keeps the old behaviour as
 * the mutant MUT_R_NO_RECHECK.  This program is the same interleaving on
 * the library: W, after each unlock, waits for R to get its read lock
 * back, so only a correct protocol can wake R; R uses a 2 s deadline and
 * reports a timeout on a free lock.  On the old code it tripped within a
 * few hundred thousand rounds (seconds), on x86_64 and under qemu-aarch64.
 *
 *   gcc -O2 -pthread replay_rwlock_pw_reader.c -o replay
 *   LD_PRELOAD=build/libfxpthread.so.0 ./replay [ROUNDS]
 *
 * Exit 1: lost wakeup reproduced; 0: ROUNDS rounds without one.  It peeks
 * at fxpthread's nwwait (docs/layout.md#rwlock) to know that W is counted,
 * so it runs on fxpthread only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_rwlock_t rw;
static sem_t wgo;
static volatile int stop;

static uint32_t rw_word(int index)
{
	return __atomic_load_n((uint32_t *)&rw + index, __ATOMIC_SEQ_CST);
}

static void *writer(void *arg)
{
	(void)arg;
	for (;;) {
		sem_wait(&wgo);
		if (stop)
			return 0;
		pthread_rwlock_wrlock(&rw);	/* step 1 (sleeps), step 3 */
		pthread_rwlock_unlock(&rw);
	}
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 1000000;
	pthread_rwlockattr_t at;
	pthread_rwlockattr_init(&at);
	pthread_rwlockattr_setkind_np(&at,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&rw, &at);
	sem_init(&wgo, 0, 0);
	pthread_t w;
	pthread_create(&w, 0, writer, 0);

	pthread_rwlock_rdlock(&rw);
	for (long i = 0; i < rounds; i++) {
		sem_post(&wgo);
		while (rw_word(2) == 0)		/* W counted in nwwait */
			;
		pthread_rwlock_unlock(&rw);	/* step 2 */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 2;
		int r = pthread_rwlock_timedrdlock(&rw, &ts);
		if (r) {
			printf("round %ld: timedrdlock: %s, state %#x nwwait %u: "
			       "lost wakeup on a free lock\n",
			       i, strerror(r), rw_word(0), rw_word(2));
			return 1;
		}
	}
	stop = 1;
	sem_post(&wgo);
	pthread_join(w, 0);
	printf("%ld rounds, no lost wakeup\n", rounds);
	return 0;
}
