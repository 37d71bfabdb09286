/* Barriers (runtime/barrier/barrier.c, docs/barrier.md): exactly one
 * serial thread per round, nobody leaves a round before everyone came,
 * rounds do not mix, destroy is safe right after the last round. */
#include <limits.h>
#include <stdlib.h>
#include "unit.h"

TestSuite(barrier, .timeout = 40);

#define BARRIER_ARRIVED_OFFSET 8 /* docs/layout.md#barrier */

Test(barrier, count_zero_gives_einval)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, 0), EINVAL);
}

Test(barrier, count_above_int_max_gives_einval)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, (unsigned)INT_MAX + 1u), EINVAL);
	cr_assert_eq(pthread_barrier_init(&b, 0, UINT_MAX), EINVAL);
}

Test(barrier, count_one_makes_every_wait_serial)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, 1), 0);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(pthread_barrier_wait(&b), PTHREAD_BARRIER_SERIAL_THREAD);
	cr_assert_eq(pthread_barrier_destroy(&b), 0);
}

/* ------------------------------------------------------------- rounds */

#define ROUNDS 4000
#define NT 4

struct rounds {
	pthread_barrier_t *b;
	int nthreads;
	atomic_int arrived[ROUNDS];
	atomic_int serial[ROUNDS];
	atomic_int wrote[NT]; /* last round each thread finished writing */
	atomic_int early, stale, errors;
};

struct rounds_arg {
	struct rounds *r;
	int me;
};

static void *rounds_worker(void *p)
{
	struct rounds_arg *a = p;
	struct rounds *r = a->r;
	for (int round = 0; round < ROUNDS; round++) {
		atomic_store(&r->wrote[a->me], round);
		atomic_fetch_add(&r->arrived[round], 1);
		int rc = pthread_barrier_wait(r->b);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
			atomic_fetch_add(&r->serial[round], 1);
		else if (rc != 0)
			atomic_fetch_add(&r->errors, 1);
		/* Everyone arrived at this round before anyone leaves it. */
		if (atomic_load(&r->arrived[round]) != r->nthreads)
			atomic_fetch_add(&r->early, 1);
		for (int i = 0; i < r->nthreads; i++)
			if (atomic_load(&r->wrote[i]) < round)
				atomic_fetch_add(&r->stale, 1);
	}
	return 0;
}

static void run_rounds(pthread_barrier_t *b, int n)
{
	struct rounds *r = calloc(1, sizeof *r);
	cr_assert_not_null(r);
	r->b = b;
	r->nthreads = n;
	struct rounds_arg a[NT];
	pthread_t t[NT];
	for (int i = 0; i < n; i++) {
		a[i] = (struct rounds_arg){ r, i };
		cr_assert_eq(pthread_create(&t[i], 0, rounds_worker, &a[i]), 0);
	}
	for (int i = 0; i < n; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(atomic_load(&r->errors), 0);
	cr_assert_eq(atomic_load(&r->early), 0,
		     "%d times a thread left a round before all arrived",
		     atomic_load(&r->early));
	cr_assert_eq(atomic_load(&r->stale), 0,
		     "%d times a thread left a round before seeing a write "
		     "made before it",
		     atomic_load(&r->stale));
	for (int round = 0; round < ROUNDS; round++) {
		cr_assert_eq(atomic_load(&r->arrived[round]), n);
		cr_assert_eq(atomic_load(&r->serial[round]), 1,
			     "round %d had %d serial threads", round,
			     atomic_load(&r->serial[round]));
	}
	free(r);
}

Test(barrier, one_serial_thread_per_round_and_nobody_passes_early)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, NT), 0);
	run_rounds(&b, NT);
	cr_assert_eq(pthread_barrier_destroy(&b), 0);
}

Test(barrier, two_thread_rounds_keep_step)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, 2), 0);
	run_rounds(&b, 2);
	cr_assert_eq(pthread_barrier_destroy(&b), 0);
}

Test(barrier, process_shared_barrier_keeps_rounds)
{
	pthread_barrierattr_t a;
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrierattr_init(&a), 0);
	cr_assert_eq(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_barrier_init(&b, &a, 3), 0);
	cr_assert_eq(pthread_barrierattr_destroy(&a), 0);
	run_rounds(&b, 3);
	cr_assert_eq(pthread_barrier_destroy(&b), 0);
}

/* ------------------------------------------------------------ destroy */

/* The serial thread of the last round destroys the barrier at once,
 * while the others may still be on their way out of the wait; the memory
 * is then poisoned, and nobody may write to it afterwards. */
struct last_round {
	pthread_barrier_t *b;
	int rounds;
	int destroy_rc; /* by the serial thread of the last round */
	atomic_int destroyed;
};

static void *last_round_worker(void *p)
{
	struct last_round *x = p;
	for (int round = 0; round < x->rounds; round++) {
		int rc = pthread_barrier_wait(x->b);
		if (round == x->rounds - 1 && rc == PTHREAD_BARRIER_SERIAL_THREAD) {
			x->destroy_rc = pthread_barrier_destroy(x->b);
			memset(x->b, 0x5a, sizeof *x->b);
			atomic_store(&x->destroyed, 1);
		}
	}
	return 0;
}

Test(barrier, destroy_right_after_the_last_round_returns_zero)
{
	for (int iter = 0; iter < 200; iter++) {
		pthread_barrier_t *b = malloc(sizeof *b);
		cr_assert_not_null(b);
		cr_assert_eq(pthread_barrier_init(b, 0, 3), 0);
		struct last_round x = { .b = b, .rounds = 1 + iter % 5,
					.destroy_rc = -1 };
		pthread_t t[3];
		for (int i = 0; i < 3; i++)
			cr_assert_eq(pthread_create(&t[i], 0, last_round_worker, &x), 0);
		for (int i = 0; i < 3; i++)
			cr_assert_eq(pthread_join(t[i], 0), 0);
		cr_assert_eq(atomic_load(&x.destroyed), 1);
		cr_assert_eq(x.destroy_rc, 0, "iteration %d", iter);
		for (size_t i = 0; i < sizeof *b; i++)
			cr_assert_eq(((unsigned char *)b)[i], 0x5a,
				     "iteration %d: byte %zu written after destroy",
				     iter, i);
		free(b);
	}
}

static int one_arrived(void *b)
{
	return word_at(b, BARRIER_ARRIVED_OFFSET) == 1;
}

static int call_barrier_wait(void *b)
{
	return pthread_barrier_wait(b);
}

static void *barrier_waiter(void *b)
{
	return (void *)(intptr_t)call_barrier_wait(b);
}

Test(barrier, destroy_during_a_partial_round_gives_ebusy)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, 2), 0);
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, barrier_waiter, &b), 0);
	cr_assert(eventually(one_arrived, &b), "the waiter never arrived");
	cr_assert_eq(pthread_barrier_destroy(&b), EBUSY);
	int mine = pthread_barrier_wait(&b);
	void *theirs;
	cr_assert_eq(pthread_join(t, &theirs), 0);
	cr_assert_eq((mine == PTHREAD_BARRIER_SERIAL_THREAD) +
			     ((intptr_t)theirs == PTHREAD_BARRIER_SERIAL_THREAD),
		     1, "the round after the refused destroy is broken");
	cr_assert_eq(pthread_barrier_destroy(&b), 0);
}

/* ---------------------------------------------------------- attributes */

Test(barrier, barrierattr_defaults_private_round_trips_and_rejects_others)
{
	pthread_barrierattr_t a;
	int v = -1;
	cr_assert_eq(pthread_barrierattr_init(&a), 0);
	cr_assert_eq(pthread_barrierattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_PRIVATE);
	cr_assert_eq(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_barrierattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_barrierattr_setpshared(&a, 2), EINVAL);
	cr_assert_eq(pthread_barrierattr_setpshared(&a, -1), EINVAL);
	cr_assert_eq(pthread_barrierattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE), 0);
	cr_assert_eq(pthread_barrierattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_PRIVATE);
	cr_assert_eq(pthread_barrierattr_destroy(&a), 0);
}
