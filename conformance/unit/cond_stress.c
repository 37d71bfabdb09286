/* Condition-variable stress: a bounded queue with producers and
 * consumers, a generation counter that catches lost wakeups, and a
 * ping-pong on one condvar.  Totals and checksums are exact; a lost
 * wakeup shows up as a thread that never finishes (bounded by the test
 * timeout and by UNIT_PATIENCE_MS waits). */
#include <stdlib.h>
#include "unit.h"

TestSuite(cond_stress, .timeout = 50);

/* --------------------------------------------------- producer/consumer */

#define QCAP 16
#define MAXP 4
#define MAXC 4

struct queue {
	pthread_mutex_t m;
	pthread_cond_t not_full, not_empty;
	uint32_t slot[QCAP];
	int head, len;
	long produced_total, consumed_total; /* under m */
	long items;			      /* total to move */
	int nproducers;
	int timed; /* waits use 1 ms deadlines and loop on ETIMEDOUT */
	atomic_int errors;
	atomic_int timeouts;
	uint8_t *seen;	/* per item id; each must be taken exactly once */
	atomic_int duplicates;
	atomic_int out_of_order;
};

struct consumer {
	struct queue *q;
	long taken;
	uint64_t sum;
	uint32_t last[MAXP]; /* last item id seen from each producer, +1 */
};

static int q_wait(struct queue *q, pthread_cond_t *c)
{
	if (!q->timed)
		return pthread_cond_wait(c, &q->m);
	struct timespec d = ts_after(CLOCK_MONOTONIC, 1);
	int rc = pthread_cond_clockwait(c, &q->m, CLOCK_MONOTONIC, &d);
	if (rc == ETIMEDOUT) {
		atomic_fetch_add(&q->timeouts, 1);
		rc = 0;
	}
	return rc;
}

struct producer_arg {
	struct queue *q;
	int me;
};

/* Item ids: producer p makes p, p + P, p + 2P, ... (increasing). */
static void *producer(void *p)
{
	struct queue *q = ((struct producer_arg *)p)->q;
	int me = ((struct producer_arg *)p)->me;
	for (long id = me; id < q->items; id += q->nproducers) {
		pthread_mutex_lock(&q->m);
		while (q->len == QCAP)
			if (q_wait(q, &q->not_full))
				atomic_fetch_add(&q->errors, 1);
		q->slot[(q->head + q->len) % QCAP] = (uint32_t)id;
		q->len++;
		q->produced_total++;
		pthread_cond_signal(&q->not_empty);
		pthread_mutex_unlock(&q->m);
	}
	return 0;
}

static void *consumer(void *p)
{
	struct consumer *c = p;
	struct queue *q = c->q;
	for (;;) {
		pthread_mutex_lock(&q->m);
		while (q->len == 0 && q->consumed_total < q->items)
			if (q_wait(q, &q->not_empty))
				atomic_fetch_add(&q->errors, 1);
		if (q->len == 0) { /* everything is taken */
			pthread_mutex_unlock(&q->m);
			return 0;
		}
		uint32_t id = q->slot[q->head];
		q->head = (q->head + 1) % QCAP;
		q->len--;
		if (++q->consumed_total == q->items)
			pthread_cond_broadcast(&q->not_empty); /* release the rest */
		pthread_cond_signal(&q->not_full);
		pthread_mutex_unlock(&q->m);

		if (__atomic_fetch_add(&q->seen[id], 1, __ATOMIC_RELAXED))
			atomic_fetch_add(&q->duplicates, 1);
		int from = (int)(id % (uint32_t)q->nproducers);
		if (id + 1 <= c->last[from])
			atomic_fetch_add(&q->out_of_order, 1);
		c->last[from] = id + 1;
		c->taken++;
		c->sum += id;
	}
}

static void run_queue(long items, int np, int nc, int timed)
{
	struct queue *q = calloc(1, sizeof *q);
	cr_assert_not_null(q);
	cr_assert_eq(pthread_mutex_init(&q->m, 0), 0);
	cr_assert_eq(pthread_cond_init(&q->not_full, 0), 0);
	cr_assert_eq(pthread_cond_init(&q->not_empty, 0), 0);
	q->items = items;
	q->nproducers = np;
	q->timed = timed;
	q->seen = calloc((size_t)items, 1);
	cr_assert_not_null(q->seen);

	struct consumer c[MAXC] = { 0 };
	struct producer_arg pa[MAXP];
	pthread_t pt[MAXP], ct[MAXC];
	cr_assert(np <= MAXP && nc <= MAXC);
	for (int i = 0; i < nc; i++) {
		c[i].q = q;
		cr_assert_eq(pthread_create(&ct[i], 0, consumer, &c[i]), 0);
	}
	for (int i = 0; i < np; i++) {
		pa[i] = (struct producer_arg){ q, i };
		cr_assert_eq(pthread_create(&pt[i], 0, producer, &pa[i]), 0);
	}
	for (int i = 0; i < np; i++)
		cr_assert_eq(pthread_join(pt[i], 0), 0);
	for (int i = 0; i < nc; i++)
		cr_assert_eq(pthread_join(ct[i], 0), 0);

	long taken = 0;
	uint64_t sum = 0;
	for (int i = 0; i < nc; i++) {
		taken += c[i].taken;
		sum += c[i].sum;
	}
	cr_assert_eq(atomic_load(&q->errors), 0, "%d waits failed",
		     atomic_load(&q->errors));
	cr_assert_eq(q->produced_total, items);
	cr_assert_eq(q->consumed_total, items);
	cr_assert_eq(taken, items, "consumers took %ld of %ld", taken, items);
	cr_assert_eq(sum, (uint64_t)items * (uint64_t)(items - 1) / 2,
		     "checksum of item ids is wrong");
	cr_assert_eq(atomic_load(&q->duplicates), 0, "items taken twice");
	for (long id = 0; id < items; id++)
		cr_assert_eq(q->seen[id], 1, "item %ld taken %d times", id,
			     q->seen[id]);
	cr_assert_eq(atomic_load(&q->out_of_order), 0,
		     "a consumer saw a producer's items out of order");
	cr_assert_eq(q->len, 0);
	cr_assert_eq(pthread_cond_destroy(&q->not_full), 0);
	cr_assert_eq(pthread_cond_destroy(&q->not_empty), 0);
	cr_assert_eq(pthread_mutex_destroy(&q->m), 0);
	if (timed)
		cr_log_info("%d timed waits expired", atomic_load(&q->timeouts));
	free(q->seen);
	free(q);
}

Test(cond_stress, producers_and_consumers_move_every_item_exactly_once)
{
	run_queue(300000, 3, 3, 0);
}

Test(cond_stress, timed_producers_and_consumers_move_every_item_exactly_once)
{
	run_queue(100000, 2, 3, 1);
}

/* ----------------------------------------------------- generations */

/* The main thread opens generation after generation with a broadcast and
 * waits until every waiter acknowledged the current one; a waiter that
 * misses a wakeup stalls the run, and one that skips a generation is
 * counted. */
struct gens {
	pthread_mutex_t m;
	pthread_cond_t go, ack;
	int gen, acks, rounds; /* under m */
	int skipped, errors;   /* under m */
};

static void *gen_waiter(void *p)
{
	struct gens *g = p;
	int seen = 0;
	pthread_mutex_lock(&g->m);
	while (seen < g->rounds) {
		while (g->gen == seen)
			if (pthread_cond_wait(&g->go, &g->m))
				g->errors++;
		if (g->gen != seen + 1)
			g->skipped++;
		seen = g->gen;
		if (++g->acks == 3)
			pthread_cond_signal(&g->ack);
	}
	pthread_mutex_unlock(&g->m);
	return 0;
}

Test(cond_stress, generation_broadcasts_lose_no_wakeup)
{
	struct gens g = { .rounds = 4000 };
	cr_assert_eq(pthread_mutex_init(&g.m, 0), 0);
	cr_assert_eq(pthread_cond_init(&g.go, 0), 0);
	cr_assert_eq(pthread_cond_init(&g.ack, 0), 0);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&t[i], 0, gen_waiter, &g), 0);
	cr_assert_eq(pthread_mutex_lock(&g.m), 0);
	for (int r = 1; r <= g.rounds; r++) {
		g.acks = 0;
		g.gen = r;
		cr_assert_eq(pthread_cond_broadcast(&g.go), 0);
		struct timespec d = ts_after(CLOCK_MONOTONIC, UNIT_PATIENCE_MS);
		while (g.acks < 3) {
			int rc = pthread_cond_clockwait(&g.ack, &g.m,
							CLOCK_MONOTONIC, &d);
			cr_assert(rc == 0 || rc == ETIMEDOUT);
			cr_assert(rc == 0 || g.acks == 3,
				  "generation %d: %d of 3 waiters woke", r,
				  g.acks);
		}
	}
	cr_assert_eq(pthread_mutex_unlock(&g.m), 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(g.skipped, 0);
	cr_assert_eq(g.errors, 0);
}

/* Same, with signals only: one waiter per generation slot, so each
 * signal must reach the one thread whose turn it is. */
struct relay {
	pthread_mutex_t m;
	pthread_cond_t c;
	int turn;   /* whose turn, under m */
	int passes; /* under m */
	int limit;
	int nthreads;
	int errors;
};

struct relay_arg {
	struct relay *r;
	int me;
};

static void *relay_runner(void *p)
{
	struct relay_arg *a = p;
	struct relay *r = a->r;
	pthread_mutex_lock(&r->m);
	for (;;) {
		while (r->turn != a->me && r->passes < r->limit)
			if (pthread_cond_wait(&r->c, &r->m))
				r->errors++;
		if (r->passes >= r->limit)
			break;
		r->passes++;
		r->turn = (a->me + 1) % r->nthreads;
		/* Others may be waiting for turns that are not theirs, so a
		 * single signal could reach the wrong one: wake them all. */
		pthread_cond_broadcast(&r->c);
	}
	pthread_cond_broadcast(&r->c);
	pthread_mutex_unlock(&r->m);
	return 0;
}

Test(cond_stress, turn_taking_among_three_threads_completes)
{
	struct relay r = { .limit = 30000, .nthreads = 3 };
	cr_assert_eq(pthread_mutex_init(&r.m, 0), 0);
	cr_assert_eq(pthread_cond_init(&r.c, 0), 0);
	struct relay_arg a[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		a[i] = (struct relay_arg){ &r, i };
		cr_assert_eq(pthread_create(&t[i], 0, relay_runner, &a[i]), 0);
	}
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(r.passes, r.limit);
	cr_assert_eq(r.errors, 0);
}

/* Two threads hand a ball back and forth with signal on one condvar:
 * whenever one waits, the other is the only possible waker. */
struct pingpong {
	pthread_mutex_t m;
	pthread_cond_t c;
	int ball; /* 0 or 1: who may move */
	int moves[2];
	int limit;
	int errors;
};

struct pp_arg {
	struct pingpong *p;
	int me;
};

static void *pp_player(void *p)
{
	struct pp_arg *a = p;
	struct pingpong *g = a->p;
	pthread_mutex_lock(&g->m);
	while (g->moves[a->me] < g->limit) {
		while (g->ball != a->me)
			if (pthread_cond_wait(&g->c, &g->m))
				g->errors++;
		g->moves[a->me]++;
		g->ball = !a->me;
		pthread_cond_signal(&g->c);
	}
	pthread_mutex_unlock(&g->m);
	return 0;
}

Test(cond_stress, signal_ping_pong_loses_no_wakeup)
{
	struct pingpong g = { .limit = 30000 };
	cr_assert_eq(pthread_mutex_init(&g.m, 0), 0);
	cr_assert_eq(pthread_cond_init(&g.c, 0), 0);
	struct pp_arg a[2] = { { &g, 0 }, { &g, 1 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], 0, pp_player, &a[i]), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(g.moves[0], g.limit);
	cr_assert_eq(g.moves[1], g.limit);
	cr_assert_eq(g.errors, 0);
}

/* Many waiters, a mix of signals and broadcasts from several threads,
 * timed and untimed waits: every token handed out is taken. */
struct mixer {
	pthread_mutex_t m;
	pthread_cond_t c;
	long tokens, taken, given; /* under m */
	int done_giving;	   /* under m */
	int errors;
};

static void *mix_taker(void *p)
{
	struct mixer *x = p;
	long mine = 0;
	pthread_mutex_lock(&x->m);
	for (;;) {
		while (x->tokens == 0 && !x->done_giving) {
			int rc;
			if (mine % 2) {
				struct timespec d = ts_after(CLOCK_REALTIME, 2);
				rc = pthread_cond_timedwait(&x->c, &x->m, &d);
				if (rc == ETIMEDOUT)
					rc = 0;
			} else {
				rc = pthread_cond_wait(&x->c, &x->m);
			}
			if (rc)
				x->errors++;
		}
		if (x->tokens == 0)
			break;
		x->tokens--;
		x->taken++;
		mine++;
	}
	pthread_mutex_unlock(&x->m);
	return 0;
}

static void *mix_giver(void *p)
{
	struct mixer *x = p;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&x->m);
		int n = 1 + i % 3;
		x->tokens += n;
		x->given += n;
		if (n == 1)
			pthread_cond_signal(&x->c);
		pthread_mutex_unlock(&x->m);
		if (n == 2) { /* signalled after unlocking */
			pthread_cond_signal(&x->c);
			pthread_cond_signal(&x->c);
		} else if (n == 3) {
			pthread_cond_broadcast(&x->c);
		}
	}
	return 0;
}

Test(cond_stress, mixed_signals_and_broadcasts_hand_out_every_token)
{
	struct mixer x = { 0 };
	cr_assert_eq(pthread_mutex_init(&x.m, 0), 0);
	cr_assert_eq(pthread_cond_init(&x.c, 0), 0);
	pthread_t takers[4], givers[2];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&takers[i], 0, mix_taker, &x), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&givers[i], 0, mix_giver, &x), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_join(givers[i], 0), 0);
	/* Every token given must be taken while the takers still run. */
	struct timespec d = ts_after(CLOCK_MONOTONIC, UNIT_PATIENCE_MS);
	for (;;) {
		pthread_mutex_lock(&x.m);
		long left = x.tokens;
		pthread_mutex_unlock(&x.m);
		if (left == 0)
			break;
		cr_assert(!ts_reached(CLOCK_MONOTONIC, &d),
			  "%ld tokens left untaken: a wakeup was lost", left);
		sched_yield();
	}
	pthread_mutex_lock(&x.m);
	x.done_giving = 1;
	pthread_cond_broadcast(&x.c);
	pthread_mutex_unlock(&x.m);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_join(takers[i], 0), 0);
	cr_assert_eq(x.errors, 0);
	cr_assert_eq(x.taken, x.given);
	long expected = 0;
	for (int i = 0; i < 20000; i++)
		expected += 1 + i % 3;
	cr_assert_eq(x.given, 2 * expected);
}
