/* (3) ping-pong, (4) producer/consumer and (5) broadcast: the condition
 * variable patterns real programs use, each on one mutex. */
#define _GNU_SOURCE
#include <stdlib.h>
#include "bench.h"

static struct gate gate;

static void start_threads(struct slot *slots, int n, void *(*fn)(void *))
{
	for (int i = 0; i < n; i++) {
		slots[i].id = i;
		check(pthread_create(&slots[i].th, 0, fn, &slots[i]), "pthread_create");
	}
	gate_wait_ready(&gate, n);
}

static void join_threads(struct slot *slots, int n)
{
	gate_wait_left(&gate, n);
	phase_end();
	for (int i = 0; i < n; i++)
		check(pthread_join(slots[i].th, 0), "pthread_join");
}

/* ------------------------------------------------------------ ping-pong
 * Two threads hand a turn back and forth through one mutex and two
 * condvars.  thr= round trips per second.  With more than one pair
 * (`pingpong-p4`), each pair has its own mutex and condvars and the
 * pairs run at once: more threads than CPUs, so a hand-off often finds
 * its partner off the CPU; thr= is then the round trips of all pairs. */

struct pp_pair {
	pthread_mutex_t mutex;
	pthread_cond_t to_a, to_b;
	int turn_b, quit;
	long long rounds;
	double t1;
	struct slot a, b;
} __attribute__((aligned(128)));

static struct pp_pair *pp;
static double pp_deadline;

static void *pp_thread_b(void *arg)
{
	struct pp_pair *p = ((struct slot *)arg)->arg;
	gate_arrive_and_wait(&gate);
	pthread_mutex_lock(&p->mutex);
	for (;;) {
		while (!p->turn_b && !p->quit)
			pthread_cond_wait(&p->to_b, &p->mutex);
		if (p->quit)
			break;
		p->turn_b = 0;
		pthread_cond_signal(&p->to_a);
	}
	pthread_mutex_unlock(&p->mutex);
	gate_leave(&gate);
	return 0;
}

/* The A side: pass the turn until the deadline, then tell B to quit. */
static void pp_run_a(struct pp_pair *p)
{
	long long rounds = 0;
	double t1;
	pthread_mutex_lock(&p->mutex);
	for (;;) {
		p->turn_b = 1;
		pthread_cond_signal(&p->to_b);
		while (p->turn_b)
			pthread_cond_wait(&p->to_a, &p->mutex);
		rounds++;
		if ((rounds & 15) == 0 && (t1 = now_s()) >= pp_deadline)
			break;
	}
	p->quit = 1;
	pthread_cond_signal(&p->to_b);
	pthread_mutex_unlock(&p->mutex);
	p->rounds = rounds;
	p->t1 = t1;
}

static void *pp_thread_a(void *arg)
{
	gate_arrive_and_wait(&gate);
	pp_run_a(((struct slot *)arg)->arg);
	gate_leave(&gate);
	return 0;
}

int bench_pingpong(const char *name, int pairs, int unused2)
{
	(void)unused2;
	pp = calloc((size_t)pairs, sizeof *pp);
	if (!pp)
		die("out of memory");
	int n = 0; /* threads started; with one pair, A is this thread */
	for (int i = 0; i < pairs; i++) {
		struct pp_pair *p = &pp[i];
		pthread_mutex_init(&p->mutex, 0);
		pthread_cond_init(&p->to_a, 0);
		pthread_cond_init(&p->to_b, 0);
		p->a.arg = p->b.arg = p;
		p->b.id = n++;
		check(pthread_create(&p->b.th, 0, pp_thread_b, &p->b),
		      "pthread_create");
		if (pairs > 1) {
			p->a.id = n++;
			check(pthread_create(&p->a.th, 0, pp_thread_a, &p->a),
			      "pthread_create");
		}
	}
	gate_wait_ready(&gate, n);

	phase_begin();
	double t0 = now_s();
	pp_deadline = t0 + opt.ms * 1e-3;
	gate_open(&gate);
	if (pairs == 1)
		pp_run_a(&pp[0]);
	gate_wait_left(&gate, n);
	phase_end();
	long long rounds = 0;
	double t1 = t0;
	for (int i = 0; i < pairs; i++) {
		check(pthread_join(pp[i].b.th, 0), "pthread_join");
		if (pairs > 1)
			check(pthread_join(pp[i].a.th, 0), "pthread_join");
		rounds += pp[i].rounds;
		if (pp[i].t1 > t1)
			t1 = pp[i].t1;
	}

	out_begin(name);
	out_num("thr", (double)rounds / (t1 - t0));
	out_int("ops", rounds);
	out_num("secs", t1 - t0);
	out_end();
	return 0;
}

/* ---------------------------------------------------- producer/consumer
 * A bounded queue of 64 items guarded by one mutex, with not_empty and
 * not_full condvars: the textbook work queue.  thr= items per second. */

#define QCAP 64

static struct {
	pthread_mutex_t mutex;
	pthread_cond_t not_empty, not_full;
	uint64_t item[QCAP];
	unsigned head, count;
	int producers_left;
	int closed;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	PTHREAD_COND_INITIALIZER };

static int pc_stop;

struct pc_tally {
	long long items;
	uint64_t sum;
} __attribute__((aligned(128)));
static struct pc_tally *produced, *consumed;

static void *producer(void *arg)
{
	struct slot *s = arg;
	struct pc_tally t = { 0, 0 };
	uint64_t v = (uint64_t)s->id << 40;
	gate_arrive_and_wait(&gate);
	while (!load_i(&pc_stop)) {
		v++;
		pthread_mutex_lock(&q.mutex);
		while (q.count == QCAP)
			pthread_cond_wait(&q.not_full, &q.mutex);
		q.item[(q.head + q.count) % QCAP] = v;
		q.count++;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.mutex);
		t.items++;
		t.sum += v;
	}
	pthread_mutex_lock(&q.mutex);
	if (--q.producers_left == 0) {
		q.closed = 1;
		pthread_cond_broadcast(&q.not_empty);
	}
	pthread_mutex_unlock(&q.mutex);
	produced[s->id] = t;
	gate_leave(&gate);
	return 0;
}

static void *consumer(void *arg)
{
	struct slot *s = arg;
	struct pc_tally t = { 0, 0 };
	gate_arrive_and_wait(&gate);
	for (;;) {
		pthread_mutex_lock(&q.mutex);
		while (q.count == 0 && !q.closed)
			pthread_cond_wait(&q.not_empty, &q.mutex);
		if (q.count == 0) {
			pthread_mutex_unlock(&q.mutex);
			break;
		}
		uint64_t v = q.item[q.head];
		q.head = (q.head + 1) % QCAP;
		q.count--;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.mutex);
		t.items++;
		t.sum += v;
	}
	consumed[(long)s->arg] = t; /* arg: consumer index */
	gate_leave(&gate);
	return 0;
}

int bench_prodcons(const char *name, int producers, int consumers)
{
	int n = producers + consumers;
	struct slot *slots = calloc((size_t)n, sizeof *slots);
	produced = calloc((size_t)producers, sizeof *produced);
	consumed = calloc((size_t)consumers, sizeof *consumed);
	if (!slots || !produced || !consumed)
		die("out of memory");
	q.producers_left = producers;
	for (int i = 0; i < n; i++) {
		slots[i].id = i;
		slots[i].arg = (void *)(long)(i - producers);
		check(pthread_create(&slots[i].th, 0,
				     i < producers ? producer : consumer, &slots[i]),
		      "pthread_create");
	}
	gate_wait_ready(&gate, n);

	phase_begin();
	double t0 = now_s();
	gate_open(&gate);
	sleep_s(opt.ms * 1e-3);
	store_i(&pc_stop, 1);
	double t1 = now_s();
	join_threads(slots, n);

	struct pc_tally p = { 0, 0 }, c = { 0, 0 };
	for (int i = 0; i < producers; i++)
		p.items += produced[i].items, p.sum += produced[i].sum;
	for (int i = 0; i < consumers; i++)
		c.items += consumed[i].items, c.sum += consumed[i].sum;
	if (p.items != c.items || p.sum != c.sum)
		die("%s: produced %lld items, consumed %lld (sums differ: %d)",
		    name, p.items, c.items, p.sum != c.sum);
	out_begin(name);
	out_num("thr", (double)p.items / (t1 - t0));
	out_int("ops", p.items);
	out_num("secs", t1 - t0);
	out_end();
	free(slots);
	return 0;
}

/* ------------------------------------------------------------ broadcast
 * N waiters sleep on one condvar; the main thread bumps a generation and
 * broadcasts while holding the mutex, and every waiter must re-acquire
 * the mutex to count itself through; the last one signals the main
 * thread.  us= mean time from the broadcast until the main thread holds
 * the mutex again with all N through.  futex counts cover whole rounds
 * (the waiters' return to waiting included). */

static pthread_mutex_t bc_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bc_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t bc_done = PTHREAD_COND_INITIALIZER;
static unsigned bc_gen;
static int bc_ready, bc_passed, bc_quit, bc_n;

static void *bc_waiter(void *arg)
{
	(void)arg;
	gate_arrive_and_wait(&gate);
	pthread_mutex_lock(&bc_mutex);
	for (;;) {
		unsigned gen = bc_gen;
		if (++bc_ready == bc_n)
			pthread_cond_signal(&bc_done);
		while (bc_gen == gen && !bc_quit)
			pthread_cond_wait(&bc_cond, &bc_mutex);
		if (bc_quit)
			break;
		if (++bc_passed == bc_n)
			pthread_cond_signal(&bc_done);
	}
	pthread_mutex_unlock(&bc_mutex);
	gate_leave(&gate);
	return 0;
}

int bench_broadcast(const char *name, int waiters, int unused)
{
	(void)unused;
	bc_n = waiters;
	struct slot *slots = calloc((size_t)waiters, sizeof *slots);
	if (!slots)
		die("out of memory");
	start_threads(slots, waiters, bc_waiter);

	struct tick_scale ts;
	uint64_t total = 0;
	long long rounds = 0;
	phase_begin();
	tick_scale_begin(&ts);
	double deadline = ts.t0 + opt.ms * 1e-3;
	gate_open(&gate);
	pthread_mutex_lock(&bc_mutex);
	for (;;) {
		while (bc_ready < bc_n)
			pthread_cond_wait(&bc_done, &bc_mutex);
		bc_ready = 0;
		bc_passed = 0;
		bc_gen++;
		uint64_t k0 = ticks();
		pthread_cond_broadcast(&bc_cond);
		while (bc_passed < bc_n)
			pthread_cond_wait(&bc_done, &bc_mutex);
		total += ticks() - k0;
		rounds++;
		if (now_s() >= deadline)
			break;
	}
	bc_quit = 1;
	pthread_cond_broadcast(&bc_cond);
	pthread_mutex_unlock(&bc_mutex);
	tick_scale_end(&ts);
	join_threads(slots, waiters);

	out_begin(name);
	out_num("us", ticks_to_ns(&ts, total) * 1e-3 / (double)rounds);
	out_int("ops", rounds);
	out_num("secs", ts.t1 - ts.t0);
	out_end();
	free(slots);
	return 0;
}
