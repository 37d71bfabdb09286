/* Processes SIGKILLed at arbitrary points of lock and unlock of robust
 * mutexes never leave a mutex locked forever, nor a waiter asleep forever.
 *
 * The dangerous instants are inside lock and unlock themselves: after the
 * word became ours but before the mutex is on our robust list, after it
 * left the list but before the word is released, and after the word is
 * released but before a sleeper was woken.  list_op_pending covers them;
 * the kernel handles the pending entry when the process dies.  Those
 * instants cannot be hit on purpose, so this is a stress: SIGKILL lands at
 * random points of tight lock/unlock loops.
 *
 * Three process-shared robust mutexes A, B (plain) and C (PI) in MAP_SHARED
 * memory; a worker loops: lock A, lock B, unlock A (out of order, so a
 * list entry is unlinked from the middle), lock C, unlock B, unlock C,
 * with lock, trylock and timedlock in turn.  A worker that gets
 * EOWNERDEAD makes the mutex consistent.
 *
 * ROUNDS rounds of:
 *   1. fork workers W1 and W2; wait until both have made progress.
 *   2. sleep a random 0..300 us, SIGKILL W1 (anywhere in its loop).
 *   3. W2 must keep making progress: W1 may have died holding a mutex W2
 *      sleeps on, or between releasing a word and waking W2.
 *   4. SIGKILL W2.
 *   5. main takes A, B and C, each with 0 or EOWNERDEAD, within a bound
 *      (a timedlock 10 s ahead: ETIMEDOUT means a lost lock), repairs
 *      and releases them.
 */
#include "process_check.h"

#define ROUNDS 200
#define NMUTEX 3

struct shared {
	pthread_mutex_t m[NMUTEX];
	volatile unsigned long progress[2];
	volatile int bad; /* a worker saw an impossible result */
};

static struct shared *sh;

static void take(pthread_mutex_t *m, unsigned long it, int who)
{
	int r;
	switch (it % 3) {
	case 0:
		r = pthread_mutex_lock(m);
		break;
	case 1:
		while ((r = pthread_mutex_trylock(m)) == EBUSY)
			sched_yield();
		break;
	default: {
		struct timespec ts = fxp_after_ms(CLOCK_REALTIME, 60000);
		r = pthread_mutex_timedlock(m, &ts);
		break;
	}
	}
	if (r == EOWNERDEAD)
		r = pthread_mutex_consistent(m);
	if (r != 0) {
		sh->bad = 100 + r;
		_exit(20 + who);
	}
}

static void give(pthread_mutex_t *m, int who)
{
	int r = pthread_mutex_unlock(m);
	if (r != 0) {
		sh->bad = 200 + r;
		_exit(30 + who);
	}
}

static void worker(int who)
{
	pthread_mutex_t *a = &sh->m[0], *b = &sh->m[1], *c = &sh->m[2];
	for (unsigned long it = 0;; it++) {
		take(a, it, who);
		take(b, it + 1, who);
		give(a, who);
		take(c, it + 2, who);
		give(b, who);
		give(c, who);
		sh->progress[who]++;
	}
}

static pid_t spawn(int who)
{
	pid_t p = fxp_fork();
	if (p == 0) {
		worker(who);
		_exit(0);
	}
	return p;
}

static void wait_progress(int who, unsigned long from, unsigned long by)
{
	while (sh->progress[who] - from < by) {
		CHECK(!sh->bad, "worker saw result %d", sh->bad);
		fxp_sleep_us(100);
	}
}

int main(void)
{
	fxp_begin("robust_list_op_pending_survives_sigkill", 30);
	sh = fxp_shared_alloc(sizeof *sh);
	for (int i = 0; i < NMUTEX; i++)
		fxp_robust_init(&sh->m[i], PTHREAD_PROCESS_SHARED,
				i == 2 ? PTHREAD_PRIO_INHERIT
				       : PTHREAD_PRIO_NONE);
	uint32_t seed = 0x2545f491u;
	int ownerdead = 0, survivor_checks = 0;
	for (int round = 0; round < ROUNDS; round++) {
		fxp_progress();
		fxp_step("1. start two workers");
		sh->progress[0] = sh->progress[1] = 0;
		pid_t w1 = spawn(0), w2 = spawn(1);
		wait_progress(0, 0, 2);
		wait_progress(1, 0, 2);

		fxp_step("2. SIGKILL W1 at a random point");
		fxp_sleep_us(fxp_rand(&seed) % 301);
		CHECK(kill(w1, SIGKILL) == 0, "kill W1");
		fxp_reap_killed(w1);

		fxp_step("3. W2 keeps making progress after W1 was killed");
		wait_progress(1, sh->progress[1], 20);
		survivor_checks++;

		fxp_step("4. SIGKILL W2 at a random point");
		fxp_sleep_us(fxp_rand(&seed) % 301);
		CHECK(kill(w2, SIGKILL) == 0, "kill W2");
		fxp_reap_killed(w2);
		CHECK(!sh->bad, "a worker saw result %d", sh->bad);

		fxp_step("5. main takes every mutex (no lost lock)");
		for (int i = 0; i < NMUTEX; i++) {
			struct timespec ts =
				fxp_after_ms(CLOCK_REALTIME, 10000);
			int r = pthread_mutex_timedlock(&sh->m[i], &ts);
			CHECK(r == 0 || r == EOWNERDEAD, "round %d: mutex %d "
			      "after the kills: %d (%s)%s", round, i, r,
			      strerror(r),
			      r == ETIMEDOUT ? " - lock lost" : "");
			if (r == EOWNERDEAD) {
				ownerdead++;
				CHECK_OK(pthread_mutex_consistent(&sh->m[i]));
			}
		}
		for (int i = NMUTEX - 1; i >= 0; i--) {
			CHECK_OK(pthread_mutex_unlock(&sh->m[i]));
			CHECK(fxp_word(&sh->m[i]) == 0, "mutex %d word %#x "
			      "after unlock", i, fxp_word(&sh->m[i]));
		}
	}
	fxp_pass("%d rounds of two workers SIGKILLed mid-loop: survivor kept "
		 "going %d times, every mutex obtainable afterwards "
		 "(%d EOWNERDEAD)", ROUNDS, survivor_checks, ownerdead);
	return 0;
}
