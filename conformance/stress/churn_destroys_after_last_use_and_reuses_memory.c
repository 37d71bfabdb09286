/* Object churn: objects of every kind are created in heap blocks, used by
 * a few threads, destroyed right after their last use (by the last user,
 * while others may still be on their way out of the call that woke them)
 * and freed, and the same memory comes back as an object of another kind.
 *
 * Scenarios, picked at random, each over a fresh 64-byte heap block (one
 * malloc size class, so blocks are reused across kinds):
 *
 *   mutex     A holds the mutex; B blocks on it; A unlocks; B locks,
 *             unlocks, destroys and frees it at once, while A's unlock
 *             may still be issuing its wake.
 *   cond      three waiters; the broadcaster destroys the condvar right
 *             after the broadcast (holding the mutex, or not) and frees
 *             it; the waiters are still returning from pthread_cond_wait.
 *   barrier   three or four threads, one to three rounds; the serial
 *             thread of the last round destroys and frees the barrier
 *             while the others may still be inside pthread_barrier_wait.
 *   rwlock    readers and a writer; whoever is last out destroys and
 *             frees it.
 *   mixed     a block holding a mutex, a condvar, an rwlock and a
 *             barrier, used together by three threads; the last one out
 *             destroys all four.
 *   cycle     init/destroy of every kind and attribute in one block, no
 *             threads: destroy answers 0 and the block is re-initialized
 *             as another kind at once.
 *
 * Freed blocks are immediately re-allocated and filled with a pattern,
 * so a late access by the library to a destroyed object would read or
 * corrupt someone else's memory (and, in the ASan build, be reported).
 *
 * Invariants checked: every destroy returns 0; every count is exact;
 * nothing hangs.
 *
 *   -n  unused (1)
 */
#include "stress.h"

#define BLOCK 64

static uint64_t done_by_scenario[6];
static double time_by_scenario[6];
static const char *scenario_names[6] = { "mutex", "cond", "barrier",
					 "rwlock", "mixed", "cycle" };
static uint64_t reused_blocks;
static uintptr_t last_freed[8]; /* addresses only, never dereferenced */
static int last_freed_kind[8];

static void *block_alloc(int kind)
{
	void *p = malloc(BLOCK);
	CHECK(p, "out of memory");
	for (int i = 0; i < 8; i++)
		if (__atomic_load_n(&last_freed[i], __ATOMIC_RELAXED) == (uintptr_t)p &&
		    __atomic_load_n(&last_freed_kind[i], __ATOMIC_RELAXED) != kind) {
			reused_blocks++;
			break;
		}
	memset(p, 0, BLOCK);
	return p;
}

/* Freed while other threads may still be returning from the call that
 * woke them: scribble over the memory once it is ours again. */
static void block_free(void *p, int kind)
{
	static unsigned next;
	uintptr_t addr = (uintptr_t)p;
	free(p);
	void *q = malloc(BLOCK);
	CHECK(q, "out of memory");
	memset(q, 0xa5, BLOCK);
	free(q);
	unsigned i = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED) % 8;
	__atomic_store_n(&last_freed[i], addr, __ATOMIC_RELAXED);
	__atomic_store_n(&last_freed_kind[i], kind, __ATOMIC_RELAXED);
}

static const int mutex_kinds[] = { 0, 1, 2, 3, 4, 6 };

/* ----------------------------------------------------------- mutex */

struct mutex_case {
	pthread_mutex_t *m;
	int b_started;
	uint64_t count;
	pthread_t a;
};

static void *mutex_b(void *p)
{
	struct mutex_case *c = p;
	__atomic_store_n(&c->b_started, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_lock(c->m));
	c->count++;
	CHECK_OK(pthread_mutex_unlock(c->m));
	CHECK_OK(pthread_mutex_destroy(c->m));
	block_free(c->m, 0);
	return 0;
}

static void scenario_mutex(struct stress_rng *r)
{
	struct mutex_case c = { 0 };
	const struct stress_mutex_kind *k =
		&stress_mutex_kinds[mutex_kinds[stress_below(r, 6)]];
	c.m = block_alloc(0);
	stress_mutex_init(c.m, k, 0);
	CHECK_OK(pthread_mutex_lock(c.m));
	c.count++;
	pthread_t b;
	stress_thread(&b, 64 * 1024, mutex_b, &c);
	while (!__atomic_load_n(&c.b_started, __ATOMIC_SEQ_CST))
		sched_yield();
	if (stress_below(r, 2))
		stress_sleep_us((long)stress_below(r, 100));
	CHECK_OK(pthread_mutex_unlock(c.m)); /* B may free it during this */
	stress_join(b);
	CHECK(c.count == 2, "mutex case count %llu", (unsigned long long)c.count);
}

/* ------------------------------------------------------------ cond */

struct cond_case {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting, flag, woken;
};

static void *cond_waiter(void *p)
{
	struct cond_case *c = p;
	CHECK_OK(pthread_mutex_lock(c->m));
	c->waiting++;
	while (!c->flag)
		CHECK_OK(pthread_cond_wait(c->c, c->m));
	c->woken++;
	CHECK_OK(pthread_mutex_unlock(c->m));
	return 0;
}

static void scenario_cond(struct stress_rng *r)
{
	enum { W = 3 };
	struct cond_case c = { 0 };
	c.m = block_alloc(1);
	c.c = block_alloc(1);
	CHECK_OK(pthread_mutex_init(c.m, 0));
	pthread_condattr_t a;
	CHECK_OK(pthread_condattr_init(&a));
	if (stress_below(r, 2))
		CHECK_OK(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	CHECK_OK(pthread_cond_init(c.c, &a));
	CHECK_OK(pthread_condattr_destroy(&a));
	pthread_t t[W];
	for (int i = 0; i < W; i++)
		stress_thread(&t[i], 64 * 1024, cond_waiter, &c);
	/* All three inside pthread_cond_wait: they counted themselves and
	 * released the mutex, which only the wait does. */
	for (;;) {
		CHECK_OK(pthread_mutex_lock(c.m));
		if (c.waiting == W)
			break;
		CHECK_OK(pthread_mutex_unlock(c.m));
		sched_yield();
	}
	c.flag = 1;
	CHECK_OK(pthread_cond_broadcast(c.c));
	if (stress_below(r, 2)) {
		/* Destroy with the mutex held: the woken waiters cannot
		 * have returned yet. */
		CHECK_OK(pthread_cond_destroy(c.c));
		block_free(c.c, 1);
		CHECK_OK(pthread_mutex_unlock(c.m));
	} else {
		CHECK_OK(pthread_mutex_unlock(c.m));
		CHECK_OK(pthread_cond_destroy(c.c));
		block_free(c.c, 1);
	}
	for (int i = 0; i < W; i++)
		stress_join(t[i]);
	CHECK(c.woken == W, "cond case: %d of %d waiters returned", c.woken, W);
	CHECK_OK(pthread_mutex_destroy(c.m));
	block_free(c.m, 1);
}

/* --------------------------------------------------------- barrier */

struct barrier_case {
	pthread_barrier_t *b;
	int rounds;
	int serials;
	int passes;
};

static void *barrier_thread(void *p)
{
	struct barrier_case *c = p;
	for (int i = 0; i < c->rounds; i++) {
		int e = pthread_barrier_wait(c->b);
		CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
		      "barrier wait returned %d", e);
		__atomic_fetch_add(&c->passes, 1, __ATOMIC_SEQ_CST);
		if (e == PTHREAD_BARRIER_SERIAL_THREAD) {
			__atomic_fetch_add(&c->serials, 1, __ATOMIC_SEQ_CST);
			if (i == c->rounds - 1) {
				/* Last use: the others may still be inside
				 * pthread_barrier_wait. */
				CHECK_OK(pthread_barrier_destroy(c->b));
				block_free(c->b, 2);
			}
		}
	}
	return 0;
}

static void scenario_barrier(struct stress_rng *r)
{
	struct barrier_case c = { 0 };
	unsigned n = 3 + stress_below(r, 2);
	c.rounds = 1 + (int)stress_below(r, 3);
	c.b = block_alloc(2);
	CHECK_OK(pthread_barrier_init(c.b, 0, n));
	pthread_t t[4];
	for (unsigned i = 0; i < n; i++)
		stress_thread(&t[i], 64 * 1024, barrier_thread, &c);
	for (unsigned i = 0; i < n; i++)
		stress_join(t[i]);
	CHECK(c.serials == c.rounds, "barrier case: %d serial threads in %d rounds",
	      c.serials, c.rounds);
	CHECK(c.passes == c.rounds * (int)n, "barrier case: %d passes", c.passes);
}

/* ---------------------------------------------------------- rwlock */

struct rw_case {
	pthread_rwlock_t *rw;
	int users;
	int writers_inside, readers_inside;
	uint64_t writes;
};

static void rw_last_out(struct rw_case *c)
{
	if (__atomic_sub_fetch(&c->users, 1, __ATOMIC_SEQ_CST) == 0) {
		CHECK_OK(pthread_rwlock_destroy(c->rw));
		block_free(c->rw, 3);
	}
}

static void *rw_reader(void *p)
{
	struct rw_case *c = p;
	for (int i = 0; i < 20; i++) {
		CHECK_OK(pthread_rwlock_rdlock(c->rw));
		__atomic_fetch_add(&c->readers_inside, 1, __ATOMIC_SEQ_CST);
		CHECK(__atomic_load_n(&c->writers_inside, __ATOMIC_SEQ_CST) == 0,
		      "rwlock case: reader beside a writer");
		__atomic_fetch_sub(&c->readers_inside, 1, __ATOMIC_SEQ_CST);
		CHECK_OK(pthread_rwlock_unlock(c->rw));
	}
	rw_last_out(c);
	return 0;
}

static void *rw_writer(void *p)
{
	struct rw_case *c = p;
	for (int i = 0; i < 20; i++) {
		CHECK_OK(pthread_rwlock_wrlock(c->rw));
		CHECK(__atomic_fetch_add(&c->writers_inside, 1, __ATOMIC_SEQ_CST) == 0 &&
			      __atomic_load_n(&c->readers_inside, __ATOMIC_SEQ_CST) == 0,
		      "rwlock case: writer not alone");
		c->writes++;
		__atomic_fetch_sub(&c->writers_inside, 1, __ATOMIC_SEQ_CST);
		CHECK_OK(pthread_rwlock_unlock(c->rw));
		if (i % 4 == 0)
			sched_yield();
	}
	rw_last_out(c);
	return 0;
}

static void scenario_rwlock(struct stress_rng *r)
{
	enum { R = 3 };
	struct rw_case c = { 0 };
	c.rw = block_alloc(3);
	pthread_rwlockattr_t a;
	CHECK_OK(pthread_rwlockattr_init(&a));
	CHECK_OK(pthread_rwlockattr_setkind_np(&a, (int)stress_below(r, 3)));
	CHECK_OK(pthread_rwlock_init(c.rw, &a));
	CHECK_OK(pthread_rwlockattr_destroy(&a));
	c.users = R + 1;
	pthread_t t[R + 1];
	for (int i = 0; i < R; i++)
		stress_thread(&t[i], 64 * 1024, rw_reader, &c);
	stress_thread(&t[R], 64 * 1024, rw_writer, &c);
	for (int i = 0; i <= R; i++)
		stress_join(t[i]);
	CHECK(c.writes == 20, "rwlock case: %llu writes",
	      (unsigned long long)c.writes);
}

/* ----------------------------------------------------------- mixed */

struct mixed_objects {
	pthread_mutex_t m;
	pthread_cond_t c;
	pthread_rwlock_t rw;
	pthread_barrier_t b;
};

struct mixed_case {
	struct mixed_objects *o;
	int users;
	int turn;	/* ping-pong between threads 0, 1, 2 */
	uint64_t count;
};

struct mixed_arg {
	struct mixed_case *c;
	int id;
};

static void *mixed_thread(void *p)
{
	struct mixed_arg *a = p;
	struct mixed_case *c = a->c;
	struct mixed_objects *o = c->o;
	for (int i = 0; i < 10; i++) {
		CHECK_OK(pthread_mutex_lock(&o->m));
		while (c->turn != a->id)
			CHECK_OK(pthread_cond_wait(&o->c, &o->m));
		c->turn = (c->turn + 1) % 3;
		c->count++;
		CHECK_OK(pthread_cond_broadcast(&o->c));
		CHECK_OK(pthread_mutex_unlock(&o->m));
		CHECK_OK(pthread_rwlock_wrlock(&o->rw));
		CHECK_OK(pthread_rwlock_unlock(&o->rw));
		int e = pthread_barrier_wait(&o->b);
		CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
		      "mixed: barrier wait returned %d", e);
	}
	if (__atomic_sub_fetch(&c->users, 1, __ATOMIC_SEQ_CST) == 0) {
		CHECK(c->count == 30, "mixed: count %llu",
		      (unsigned long long)c->count);
		CHECK_OK(pthread_barrier_destroy(&o->b));
		CHECK_OK(pthread_rwlock_destroy(&o->rw));
		CHECK_OK(pthread_cond_destroy(&o->c));
		CHECK_OK(pthread_mutex_destroy(&o->m));
		free(o);
		void *q = malloc(sizeof *o);
		CHECK(q, "out of memory");
		memset(q, 0xa5, sizeof *o);
		free(q);
	}
	return 0;
}

static void scenario_mixed(struct stress_rng *r)
{
	(void)r;
	struct mixed_case c = { 0 };
	c.o = calloc(1, sizeof *c.o);
	CHECK(c.o, "out of memory");
	CHECK_OK(pthread_mutex_init(&c.o->m, 0));
	CHECK_OK(pthread_cond_init(&c.o->c, 0));
	CHECK_OK(pthread_rwlock_init(&c.o->rw, 0));
	CHECK_OK(pthread_barrier_init(&c.o->b, 0, 3));
	c.users = 3;
	pthread_t t[3];
	struct mixed_arg a[3];
	for (int i = 0; i < 3; i++) {
		a[i].c = &c;
		a[i].id = i;
		stress_thread(&t[i], 64 * 1024, mixed_thread, &a[i]);
	}
	for (int i = 0; i < 3; i++)
		stress_join(t[i]);
}

/* ----------------------------------------------------------- cycle */

static void scenario_cycle(struct stress_rng *r)
{
	void *blk = block_alloc(5);
	for (int i = 0; i < 50; i++) {
		switch (stress_below(r, 5)) {
		case 0: {
			pthread_mutex_t *m = blk;
			const struct stress_mutex_kind *k =
				&stress_mutex_kinds[stress_below(r, STRESS_NKINDS)];
			if (!stress_kind_usable(k))
				break;
			stress_mutex_init(m, k, (int)stress_below(r, 2));
			CHECK_OK(pthread_mutex_lock(m));
			CHECK_OK(pthread_mutex_unlock(m));
			CHECK_OK(pthread_mutex_destroy(m));
			break;
		}
		case 1: {
			pthread_cond_t *c = blk;
			pthread_condattr_t a;
			CHECK_OK(pthread_condattr_init(&a));
			CHECK_OK(pthread_condattr_setpshared(&a, (int)stress_below(r, 2)));
			CHECK_OK(pthread_condattr_setclock(&a, stress_below(r, 2)
								 ? CLOCK_MONOTONIC
								 : CLOCK_REALTIME));
			CHECK_OK(pthread_cond_init(c, &a));
			CHECK_OK(pthread_condattr_destroy(&a));
			CHECK_OK(pthread_cond_signal(c));
			CHECK_OK(pthread_cond_broadcast(c));
			CHECK_OK(pthread_cond_destroy(c));
			break;
		}
		case 2: {
			pthread_rwlock_t *rw = blk;
			pthread_rwlockattr_t a;
			CHECK_OK(pthread_rwlockattr_init(&a));
			CHECK_OK(pthread_rwlockattr_setkind_np(&a, (int)stress_below(r, 3)));
			CHECK_OK(pthread_rwlockattr_setpshared(&a, (int)stress_below(r, 2)));
			CHECK_OK(pthread_rwlock_init(rw, &a));
			CHECK_OK(pthread_rwlockattr_destroy(&a));
			CHECK_OK(pthread_rwlock_rdlock(rw));
			CHECK_OK(pthread_rwlock_unlock(rw));
			CHECK_OK(pthread_rwlock_wrlock(rw));
			CHECK_OK(pthread_rwlock_unlock(rw));
			CHECK_OK(pthread_rwlock_destroy(rw));
			break;
		}
		case 3: {
			pthread_barrier_t *b = blk;
			pthread_barrierattr_t a;
			CHECK_OK(pthread_barrierattr_init(&a));
			CHECK_OK(pthread_barrierattr_setpshared(&a, (int)stress_below(r, 2)));
			CHECK_OK(pthread_barrier_init(b, &a, 1));
			CHECK_OK(pthread_barrierattr_destroy(&a));
			CHECK_RC(pthread_barrier_wait(b), PTHREAD_BARRIER_SERIAL_THREAD);
			CHECK_OK(pthread_barrier_destroy(b));
			break;
		}
		default: {
			pthread_spinlock_t *s = blk;
			CHECK_OK(pthread_spin_init(s, (int)stress_below(r, 2)));
			CHECK_OK(pthread_spin_lock(s));
			CHECK_OK(pthread_spin_unlock(s));
			CHECK_OK(pthread_spin_destroy(s));
		}
		}
		/* Whatever was there, the next object starts from garbage
		 * that init must overwrite. */
		memset(blk, (int)stress_below(r, 256), BLOCK);
	}
	block_free(blk, 5);
}

static uint64_t iterations;

static void hang_report(void)
{
	stress_write_u64("iterations", iterations);
}

int main(int argc, char **argv)
{
	stress_begin(argc, argv, "churn_destroys_after_last_use_and_reuses_memory",
		     3.0, 1, "unused");
	stress_hang_hook = hang_report;
	struct stress_rng r = stress_rng_for(3);
	static void (*const scenarios[6])(struct stress_rng *) = {
		scenario_mutex, scenario_cond, scenario_barrier,
		scenario_rwlock, scenario_mixed, scenario_cycle,
	};
	do {
		int s = (int)stress_below(&r, 6);
		stress_phase(scenario_names[s]);
		double t0 = stress_now();
		scenarios[s](&r);
		time_by_scenario[s] += stress_now() - t0;
		done_by_scenario[s]++;
		iterations++;
	} while (stress_running() || iterations < 60);
	for (int s = 0; s < 6; s++)
		stress_note("%s: %llu in %.2f s", scenario_names[s],
			    (unsigned long long)done_by_scenario[s],
			    time_by_scenario[s]);
	stress_pass("%llu objects' lives: %llu mutex hand-offs, %llu cond "
		    "broadcast+destroy, %llu barrier, %llu rwlock, %llu mixed, "
		    "%llu init/destroy cycles; %llu blocks came back as another "
		    "kind; every destroy 0, every count exact",
		    (unsigned long long)iterations,
		    (unsigned long long)done_by_scenario[0],
		    (unsigned long long)done_by_scenario[1],
		    (unsigned long long)done_by_scenario[2],
		    (unsigned long long)done_by_scenario[3],
		    (unsigned long long)done_by_scenario[4],
		    (unsigned long long)done_by_scenario[5],
		    (unsigned long long)reused_blocks);
}
