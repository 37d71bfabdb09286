/* Replay on the real library of a counterexample that spin found in the
 * rwlock before FX_RW_WRITER_LEFT (docs/models/README.md
 * #rwlock-prefer-writer, mutant MUT_OLD_WRITER_LEFT): with
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, a reader could stay asleep
 * on a free lock after the last writer gave up.
 *
 *   1. W1 (main) holds the write lock; R calls rdlock and sleeps with
 *      READERS_WAITING set.
 *   2. W2 calls timedwrlock with a deadline already past: it counts itself
 *      in nwwait, sets WRITERS_WAITING, its futex wait times out at once,
 *      and it gives up (nwwait back to 0, writer_left).
 *   3. At the same moment W1 unlocks.  If W1 reads nwwait while W2 is
 *      still counted, it decides to keep R asleep for W2; if W2 then looks
 *      at the state before W1's releasing CAS, it sees the lock write-held
 *      and leaves R to W1.  The old code ended there: state
 *      READERS_WAITING, nwwait 0, R asleep, nobody left to wake it.
 *
 * The window is a few instructions of W1's unlock (from its load of
 * nwwait to its releasing CAS), so the program tries many rounds with a
 * varying delay between the two threads' starts.  That is too narrow to
 * hit by timing alone: against the library before the fix, 400,000 rounds
 * (3 x 15 s) passed on x86_64, so the evidence for the bug is the model
 * (mutant MUT_OLD_WRITER_LEFT), and this program is a regression check of
 * the give-up path with a reader asleep behind a writer.  R
 * waits with a 2 s deadline: a timeout means it slept on a lock that was
 * free (the program checks that it was) and is reported as the lost
 * wakeup.  With FX_RW_WRITER_LEFT, W2 makes W1's CAS fail instead, W1
 * re-reads nwwait and wakes R (R5 in docs/rwlock.md).
 *
 *   LD_PRELOAD=build/libfxpthread.so.0 ./replay_rwlock_writer_left [SECONDS]
 *
 * Exit 1: lost wakeup reproduced; 0: SECONDS (default 10) of rounds
 * without one.  It peeks at fxpthread's state word (docs/layout.md#rwlock)
 * to know that R is asleep, so it runs on fxpthread only.
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

#define READERS_WAITING 0x40000000u /* docs/rwlock.md#words */

static pthread_rwlock_t rw;
static sem_t rgo, rdone, wgo, wdone;
static int go, stop;
static unsigned w2_delay;
static int r_rc;

static uint32_t rw_word(int index)
{
	return __atomic_load_n((uint32_t *)&rw + index, __ATOMIC_SEQ_CST);
}

static void delay(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		__asm__ __volatile__("" ::: "memory");
}

static void *reader(void *arg)
{
	(void)arg;
	for (;;) {
		sem_wait(&rgo);
		if (__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
			return 0;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 2;
		r_rc = pthread_rwlock_timedrdlock(&rw, &ts);
		if (r_rc == 0)
			pthread_rwlock_unlock(&rw);
		sem_post(&rdone);
	}
}

static void *writer2(void *arg)
{
	(void)arg;
	const struct timespec past = { 0, 1 };
	for (;;) {
		sem_wait(&wgo);
		if (__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
			return 0;
		while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
			;
		delay(w2_delay);
		if (pthread_rwlock_timedwrlock(&rw, &past) == 0)
			pthread_rwlock_unlock(&rw);
		sem_post(&wdone);
	}
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 10;
	pthread_rwlockattr_t at;
	pthread_rwlockattr_init(&at);
	pthread_rwlockattr_setkind_np(&at,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&rw, &at);
	sem_init(&rgo, 0, 0);
	sem_init(&rdone, 0, 0);
	sem_init(&wgo, 0, 0);
	sem_init(&wdone, 0, 0);
	pthread_t r, w;
	pthread_create(&r, 0, reader, 0);
	pthread_create(&w, 0, writer2, 0);

	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	unsigned seed = 1;
	long rounds = 0;
	for (;; rounds++) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec +
			    (now.tv_nsec - t0.tv_nsec) / 1e9 >= seconds)
			break;
		pthread_rwlock_wrlock(&rw);		/* step 1 */
		sem_post(&rgo);
		while (!(rw_word(0) & READERS_WAITING))
			;
		/* step 2 and 3 at about the same time, the offset swept */
		seed = seed * 1103515245u + 12345u;
		w2_delay = (seed >> 16) % 500;
		unsigned w1_delay = (seed >> 4) % 8000;
		__atomic_store_n(&go, 0, __ATOMIC_RELEASE);
		sem_post(&wgo);
		delay(200);
		__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
		delay(w1_delay);
		pthread_rwlock_unlock(&rw);
		sem_wait(&wdone);
		sem_wait(&rdone);
		if (r_rc) {
			/* R timed out: was the lock free all along? */
			int free_now = pthread_rwlock_trywrlock(&rw) == 0;
			printf("round %ld: timedrdlock: %s, state %#x nwwait %u, "
			       "lock %s: lost wakeup\n",
			       rounds, strerror(r_rc), rw_word(0), rw_word(2),
			       free_now ? "free" : "held");
			return 1;
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	sem_post(&rgo);
	sem_post(&wgo);
	pthread_join(r, 0);
	pthread_join(w, 0);
	printf("%ld rounds in %.0f s, no lost wakeup\n", rounds, seconds);
	return 0;
}
