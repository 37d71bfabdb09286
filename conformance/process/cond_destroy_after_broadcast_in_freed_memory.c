/* A condvar may be destroyed, and its memory freed and reused, as soon as
 * a broadcast has woken every thread blocked on it, although the woken
 * threads are still on their way out of pthread_cond_wait (they must
 * re-acquire the mutex first).  This is the example of the POSIX
 * rationale for pthread_cond_destroy: a list element with its own
 * condvar, waited on under the list's mutex, deleted by
 *     lock(list); unlink(e); broadcast(&e->cv); unlock(list);
 *     destroy(&e->cv); free(e);
 *
 * ROUNDS rounds for each list-mutex kind (normal, errorcheck, recursive,
 * robust, PI) and for each place of the destroy:
 *   1. main mallocs element e (condvar + busy flag), publishes it.
 *   2. NWAITERS threads lock the list mutex and wait on e->cv while e is
 *      listed and busy (each counts itself before its wait; main sees
 *      the count complete while holding the mutex, so all are inside
 *      pthread_cond_wait).
 *   3. main unlinks e and broadcasts, then
 *        "after unlock":  unlocks, destroys e->cv: 0, fills e with junk,
 *                         frees it;
 *        "under the lock": destroys e->cv: 0, fills, frees, unlocks.
 *   4. main mallocs a block of the same size (usually e's memory again)
 *      and fills it with a pattern.
 *   5. the waiters return from the wait without touching e again.
 *   6. the pattern is intact: nobody wrote to the freed condvar.
 * Run it under valgrind too (see the final report of this suite).
 */
#include "process_check.h"

#define ROUNDS 300
#define NWAITERS 4

struct elt {
	pthread_cond_t cv;
	int busy;
	char tail[64];
};

static pthread_mutex_t lm;
static struct elt *volatile listed;
static int waiting;
static pthread_barrier_t round_start, round_end;
static volatile int finished;
static int wait_errors;

static void *waiter(void *arg)
{
	for (;;) {
		pthread_barrier_wait(&round_start);
		if (finished)
			return 0;
		CHECK_OK(pthread_mutex_lock(&lm));
		struct elt *e;
		while ((e = listed) && e->busy) {
			waiting++;
			int r = pthread_cond_wait(&e->cv, &lm);
			if (r)
				wait_errors++;
		}
		CHECK_OK(pthread_mutex_unlock(&lm));
		pthread_barrier_wait(&round_end);
	}
}

struct case_arg {
	const struct fxp_mutex_kind *kind;
	int under_lock;
};

static void rounds(void *p)
{
	struct case_arg *a = p;
	fxp_mutex_init(&lm, a->kind);
	CHECK_OK(pthread_barrier_init(&round_start, 0, NWAITERS + 1));
	CHECK_OK(pthread_barrier_init(&round_end, 0, NWAITERS + 1));
	pthread_t t[NWAITERS];
	for (int i = 0; i < NWAITERS; i++)
		CHECK_OK(pthread_create(&t[i], 0, waiter, 0));
	int reused = 0;
	for (int r = 0; r < ROUNDS; r++) {
		fxp_progress();
		fxp_step("1. publish a new element");
		struct elt *e = malloc(sizeof *e);
		CHECK(e, "malloc");
		CHECK_OK(pthread_cond_init(&e->cv, 0));
		e->busy = 1;
		CHECK_OK(pthread_mutex_lock(&lm));
		listed = e;
		waiting = 0;
		CHECK_OK(pthread_mutex_unlock(&lm));
		pthread_barrier_wait(&round_start);

		fxp_step("2. all waiters inside pthread_cond_wait");
		for (;;) {
			CHECK_OK(pthread_mutex_lock(&lm));
			if (waiting == NWAITERS)
				break; /* keep the mutex */
			CHECK_OK(pthread_mutex_unlock(&lm));
			fxp_sleep_us(50);
		}

		fxp_step("3. unlink, broadcast, destroy, free");
		listed = 0;
		e->busy = 0;
		CHECK_OK(pthread_cond_broadcast(&e->cv));
		if (!a->under_lock)
			CHECK_OK(pthread_mutex_unlock(&lm));
		int d = pthread_cond_destroy(&e->cv);
		CHECK(d == 0, "round %d: pthread_cond_destroy right after the "
		      "broadcast returned %d (%s); every waiter had been woken",
		      r, d, strerror(d));
		memset(e, 0xa5, sizeof *e);
		free(e);
		if (a->under_lock)
			CHECK_OK(pthread_mutex_unlock(&lm));

		fxp_step("4. reuse the memory");
		unsigned char *q = malloc(sizeof *e);
		CHECK(q, "malloc");
		reused += (void *)q == (void *)e;
		memset(q, 0x5a, sizeof *e);

		fxp_step("5. waiters return");
		pthread_barrier_wait(&round_end);

		fxp_step("6. the reused memory is untouched");
		for (size_t i = 0; i < sizeof *e; i++)
			CHECK(q[i] == 0x5a, "round %d: byte %zu of the freed "
			      "condvar's memory changed to %#x after destroy: a "
			      "late access by a woken waiter", r, i, q[i]);
		free(q);
	}
	finished = 1;
	pthread_barrier_wait(&round_start);
	for (int i = 0; i < NWAITERS; i++)
		CHECK_OK(pthread_join(t[i], 0));
	CHECK(wait_errors == 0, "%d waits returned an error", wait_errors);
	fxp_note("%s, destroy %s: %d rounds, freed block reused at once in "
		 "%d", a->kind->name, a->under_lock ? "under the lock"
						    : "after unlock",
		 ROUNDS, reused);
}

int main(void)
{
	fxp_begin("cond_destroy_after_broadcast_in_freed_memory", 45);
	static const struct fxp_mutex_kind kinds[] = {
		{ "normal", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
	};
	int failed = 0;
	char name[96];
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (int under = 0; under < 2; under++) {
			struct case_arg a = { &kinds[k], under };
			snprintf(name, sizeof name, "%s mutex, destroy %s",
				 kinds[k].name,
				 under ? "under the lock" : "after unlock");
			failed += fxp_run_case(name, rounds, &a, 20);
		}
	}
	fxp_step("summary");
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("condvar destroyed and freed right after the broadcast, "
		 "memory reused, no late access; %d rounds per case", ROUNDS);
	return 0;
}
