/* A multithreaded workload over every primitive fxpthread replaces:
 * mutexes of each type (static initializers and attributes), condvars
 * (signal, broadcast, a CLOCK_MONOTONIC condattr with timed waits),
 * rwlocks of each kind, barriers, spinlocks, C11 mtx/cnd.  Every total is
 * exact and printed; the output must equal workload.expected on glibc,
 * under LD_PRELOAD and linked with -lfxpthread. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <threads.h>
#include "check.h"

#define THREADS 4
#define ITERS 20000

static void run(int n, void *(*fn)(void *), void *arg)
{
	pthread_t t[8];
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], 0, fn, arg);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], 0);
}

/* ------------------------------------------------------------- mutexes */

struct mutex_case {
	const char *name;
	pthread_mutex_t m;
	int depth; /* locks per iteration (recursive) */
	int mode;  /* 0 lock, 1 trylock then lock, 2 timedlock */
	long count;
	long errors;
};

static void *mutex_worker(void *p)
{
	struct mutex_case *c = p;
	for (int i = 0; i < ITERS; i++) {
		int r = 0;
		if (c->mode == 1 && (r = pthread_mutex_trylock(&c->m)) == EBUSY)
			r = pthread_mutex_lock(&c->m);
		else if (c->mode == 2) {
			struct timespec d = deadline_in(CLOCK_REALTIME, 60000);
			r = pthread_mutex_timedlock(&c->m, &d);
		} else if (c->mode == 0)
			r = pthread_mutex_lock(&c->m);
		if (r) {
			__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		for (int d = 1; d < c->depth; d++)
			pthread_mutex_lock(&c->m);
		c->count++;
		for (int d = 0; d < c->depth; d++)
			pthread_mutex_unlock(&c->m);
	}
	return 0;
}

static void mutex_case_run(struct mutex_case *c)
{
	char what[96];
	run(THREADS, mutex_worker, c);
	snprintf(what, sizeof what, "mutex %s: count", c->name);
	EXPECT_EQ(what, c->count, THREADS * ITERS);
	snprintf(what, sizeof what, "mutex %s: errors", c->name);
	EXPECT_EQ(what, c->errors, 0);
	snprintf(what, sizeof what, "mutex %s: destroy", c->name);
	EXPECT_ERR(what, pthread_mutex_destroy(&c->m), 0);
}

static void with_attr(struct mutex_case *c, int type, int robust, int proto,
		      int pshared)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, type);
	pthread_mutexattr_setrobust(&a, robust);
	pthread_mutexattr_setprotocol(&a, proto);
	pthread_mutexattr_setpshared(&a, pshared);
	pthread_mutex_init(&c->m, &a);
	pthread_mutexattr_destroy(&a);
}

static void mutexes(void)
{
	static struct mutex_case normal = { "normal (static)", PTHREAD_MUTEX_INITIALIZER, 1, 0, 0, 0 };
	static struct mutex_case rec = { "recursive (static)", PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP, 3, 0, 0, 0 };
	static struct mutex_case errchk = { "errorcheck (static)", PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP, 1, 1, 0, 0 };
	static struct mutex_case adaptive = { "adaptive (static)", PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP, 1, 0, 0, 0 };
	static struct mutex_case timed = { "normal, timedlock", PTHREAD_MUTEX_INITIALIZER, 1, 2, 0, 0 };
	static struct mutex_case robust = { "robust", PTHREAD_MUTEX_INITIALIZER, 1, 1, 0, 0 };
	static struct mutex_case robust_rec = { "robust recursive", PTHREAD_MUTEX_INITIALIZER, 2, 0, 0, 0 };
	static struct mutex_case pi = { "priority-inherit", PTHREAD_MUTEX_INITIALIZER, 1, 1, 0, 0 };
	static struct mutex_case pi_err = { "priority-inherit errorcheck", PTHREAD_MUTEX_INITIALIZER, 1, 2, 0, 0 };
	static struct mutex_case shared = { "process-shared", PTHREAD_MUTEX_INITIALIZER, 1, 1, 0, 0 };

	with_attr(&robust, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE);
	with_attr(&robust_rec, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE);
	with_attr(&pi, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE);
	with_attr(&pi_err, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE);
	with_attr(&shared, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE, PTHREAD_PROCESS_SHARED);

	struct mutex_case *all[] = { &normal, &rec, &errchk, &adaptive, &timed,
				     &robust, &robust_rec, &pi, &pi_err, &shared };
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		mutex_case_run(all[i]);
}

/* ----------------------------------------------------- condvars: queue */

#define QCAP 8
#define PRODUCERS 2
#define CONSUMERS 2
#define ITEMS 10000 /* per producer */

static struct {
	pthread_mutex_t m;
	pthread_cond_t not_empty, not_full;
	long buf[QCAP];
	int head, len, producers_left;
	long sum, taken, timeouts;
	int timed;
} q = { .m = PTHREAD_MUTEX_INITIALIZER,
	.not_empty = PTHREAD_COND_INITIALIZER,
	.not_full = PTHREAD_COND_INITIALIZER };

static int q_wait(pthread_cond_t *c)
{
	if (!q.timed)
		return pthread_cond_wait(c, &q.m);
	/* far deadline on the condattr's clock: never reached */
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 60000);
	int r = pthread_cond_timedwait(c, &q.m, &d);
	if (r == ETIMEDOUT)
		q.timeouts++;
	return r;
}

static void *producer(void *arg)
{
	long base = (long)arg;
	for (long i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q.m);
		while (q.len == QCAP)
			q_wait(&q.not_full);
		q.buf[(q.head + q.len++) % QCAP] = base + i;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.m);
	}
	pthread_mutex_lock(&q.m);
	if (--q.producers_left == 0)
		pthread_cond_broadcast(&q.not_empty); /* consumers may finish */
	pthread_mutex_unlock(&q.m);
	return 0;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&q.m);
		while (q.len == 0 && q.producers_left > 0)
			q_wait(&q.not_empty);
		if (q.len == 0) {
			pthread_mutex_unlock(&q.m);
			return 0;
		}
		long v = q.buf[q.head];
		q.head = (q.head + 1) % QCAP;
		q.len--;
		q.sum += v;
		q.taken++;
		if (q.taken % 2)
			pthread_cond_signal(&q.not_full);
		else
			pthread_cond_broadcast(&q.not_full);
		pthread_mutex_unlock(&q.m);
	}
}

static void queue_round(const char *name)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	char what[96];
	q.head = q.len = 0;
	q.sum = q.taken = q.timeouts = 0;
	q.producers_left = PRODUCERS;
	for (int i = 0; i < CONSUMERS; i++)
		pthread_create(&c[i], 0, consumer, 0);
	for (long i = 0; i < PRODUCERS; i++)
		pthread_create(&p[i], 0, producer, (void *)(i * 1000000));
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], 0);
	for (int i = 0; i < CONSUMERS; i++)
		pthread_join(c[i], 0);
	/* producer i puts i*1e6 + 1 .. i*1e6 + ITEMS */
	long want = 0;
	for (long i = 0; i < PRODUCERS; i++)
		want += i * 1000000L * ITEMS + (long)ITEMS * (ITEMS + 1) / 2;
	snprintf(what, sizeof what, "cond queue %s: items", name);
	EXPECT_EQ(what, q.taken, PRODUCERS * ITEMS);
	snprintf(what, sizeof what, "cond queue %s: sum", name);
	EXPECT_EQ(what, q.sum, want);
	snprintf(what, sizeof what, "cond queue %s: timeouts", name);
	EXPECT_EQ(what, q.timeouts, 0);
}

static void conds(void)
{
	queue_round("(wait)");

	pthread_condattr_t a;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_destroy(&q.not_empty);
	pthread_cond_destroy(&q.not_full);
	pthread_cond_init(&q.not_empty, &a);
	pthread_cond_init(&q.not_full, &a);
	pthread_condattr_destroy(&a);
	q.timed = 1;
	queue_round("(monotonic timedwait)");
	EXPECT_ERR("cond destroy", pthread_cond_destroy(&q.not_empty), 0);
	EXPECT_ERR("cond destroy", pthread_cond_destroy(&q.not_full), 0);
}

/* ------------------------------------------------------------- rwlocks */

#define RW_ITERS 5000
static struct {
	pthread_rwlock_t rw;
	long a, b, torn, reads;
	int next_id;
} r;

static void *rw_worker(void *arg)
{
	(void)arg;
	int id = __atomic_fetch_add(&r.next_id, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < RW_ITERS; i++) {
		if (id < 2) {
			if (i % 3 == 0) {
				while (pthread_rwlock_trywrlock(&r.rw) == EBUSY)
					sched_yield();
			} else
				pthread_rwlock_wrlock(&r.rw);
			r.a++;
			r.b++;
		} else {
			if (i % 3 == 0) {
				struct timespec d = deadline_in(CLOCK_REALTIME, 60000);
				pthread_rwlock_timedrdlock(&r.rw, &d);
			} else
				pthread_rwlock_rdlock(&r.rw);
			if (r.a != r.b)
				__atomic_add_fetch(&r.torn, 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&r.reads, 1, __ATOMIC_RELAXED);
		}
		pthread_rwlock_unlock(&r.rw);
	}
	return 0;
}

static void rwlocks(void)
{
	static const struct { const char *name; int kind; } kinds[] = {
		{ "prefer-reader", PTHREAD_RWLOCK_PREFER_READER_NP },
		{ "prefer-writer", PTHREAD_RWLOCK_PREFER_WRITER_NP },
		{ "prefer-writer-nonrecursive", PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP },
		{ "writer-nonrecursive (static)", 0 },
	};
	/* glibc's static initializer for the last kind: its __flags field */
	static const pthread_rwlock_t writer_nonrecursive_static =
		PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	char what[96];
	for (unsigned k = 0; k < 4; k++) {
		if (k < 3) {
			pthread_rwlockattr_t a;
			pthread_rwlockattr_init(&a);
			pthread_rwlockattr_setkind_np(&a, kinds[k].kind);
			pthread_rwlock_init(&r.rw, &a);
			pthread_rwlockattr_destroy(&a);
		} else
			r.rw = writer_nonrecursive_static;
		r.a = r.b = r.torn = r.reads = 0;
		r.next_id = 0;
		run(4, rw_worker, 0);
		snprintf(what, sizeof what, "rwlock %s: writes", kinds[k].name);
		EXPECT_EQ(what, r.a, 2 * RW_ITERS);
		snprintf(what, sizeof what, "rwlock %s: reads", kinds[k].name);
		EXPECT_EQ(what, r.reads, 2 * RW_ITERS);
		snprintf(what, sizeof what, "rwlock %s: torn reads", kinds[k].name);
		EXPECT_EQ(what, r.torn, 0);
		snprintf(what, sizeof what, "rwlock %s: destroy", kinds[k].name);
		EXPECT_ERR(what, pthread_rwlock_destroy(&r.rw), 0);
	}
}

/* A writer-preferring rwlock turns new readers away once a writer waits.
 * The main thread reads; a writer queues behind it; another thread's
 * tryrdlock must start failing with EBUSY (polled: the writer needs a
 * moment to queue; a lock that ignores its kind never fails, and the
 * poll gives up after 10 s). */
static pthread_rwlock_t pref;

static void *pref_writer(void *arg)
{
	(void)arg;
	pthread_rwlock_wrlock(&pref);
	pthread_rwlock_unlock(&pref);
	return 0;
}

static void *pref_reader(void *arg)
{
	int *result = arg;
	for (int i = 0; i < 10000; i++) {
		int r = pthread_rwlock_tryrdlock(&pref);
		if (r != 0) {
			*result = r;
			return 0;
		}
		pthread_rwlock_unlock(&pref);
		usleep(1000);
	}
	*result = 0;
	return 0;
}

static void writer_turns_readers_away(const char *name)
{
	pthread_t w, rd;
	int result = -1;
	char what[112];
	pthread_rwlock_rdlock(&pref);
	pthread_create(&w, 0, pref_writer, 0);
	pthread_create(&rd, 0, pref_reader, &result);
	pthread_join(rd, 0);
	pthread_rwlock_unlock(&pref);
	pthread_join(w, 0);
	snprintf(what, sizeof what, "rwlock %s: tryrdlock while a writer waits", name);
	EXPECT_ERR(what, result, EBUSY);
	pthread_rwlock_destroy(&pref);
}

static void writer_preference(void)
{
	static const pthread_rwlock_t writer_nonrecursive_static =
		PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	pref = writer_nonrecursive_static;
	writer_turns_readers_away("writer-nonrecursive (static)");

	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&pref, &a);
	pthread_rwlockattr_destroy(&a);
	writer_turns_readers_away("prefer-writer-nonrecursive");
}

/* ------------------------------------------------- barriers, spinlocks */

#define ROUNDS 300
static pthread_barrier_t bar;
static long slots[THREADS];
static long bar_serial, bar_bad, bar_next;

static void *barrier_worker(void *arg)
{
	(void)arg;
	long id = __atomic_fetch_add(&bar_next, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < ROUNDS; i++) {
		slots[id] = i;
		int s = pthread_barrier_wait(&bar);
		if (s == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&bar_serial, 1, __ATOMIC_RELAXED);
		for (int j = 0; j < THREADS; j++) /* all wrote round i */
			if (__atomic_load_n(&slots[j], __ATOMIC_RELAXED) != i)
				__atomic_add_fetch(&bar_bad, 1, __ATOMIC_RELAXED);
		pthread_barrier_wait(&bar); /* nobody moves on until all read */
	}
	return 0;
}

static pthread_spinlock_t spin;
static long spin_count;
static void *spin_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS; i++) {
		if (i % 2)
			pthread_spin_lock(&spin);
		else
			while (pthread_spin_trylock(&spin) == EBUSY)
				;
		spin_count++;
		pthread_spin_unlock(&spin);
	}
	return 0;
}

static void barriers_and_spins(void)
{
	pthread_barrier_init(&bar, 0, THREADS);
	run(THREADS, barrier_worker, 0);
	EXPECT_EQ("barrier: serial-thread returns", bar_serial, ROUNDS);
	EXPECT_EQ("barrier: stale slots seen", bar_bad, 0);
	EXPECT_ERR("barrier destroy", pthread_barrier_destroy(&bar), 0);

	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	run(2, spin_worker, 0);
	EXPECT_EQ("spinlock: count", spin_count, 2 * ITERS);
	EXPECT_ERR("spinlock destroy", pthread_spin_destroy(&spin), 0);
}

/* ----------------------------------------------------------------- C11 */

static mtx_t cm, crec;
static cnd_t cc;
static long c_count, c_rcount, c_items, c_sum;
static int c_avail, c_done;

static void *c11_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS / 2; i++) {
		if (i % 2)
			mtx_lock(&cm);
		else
			while (mtx_trylock(&cm) == thrd_busy)
				;
		c_count++;
		mtx_unlock(&cm);
		mtx_lock(&crec);
		mtx_lock(&crec);
		c_rcount++;
		mtx_unlock(&crec);
		mtx_unlock(&crec);
	}
	return 0;
}

/* One-slot handoff: a producer and a consumer through cnd_wait. */
static void *c11_producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITERS / 4; i++) {
		mtx_lock(&cm);
		while (c_avail)
			cnd_wait(&cc, &cm);
		c_avail = i;
		cnd_broadcast(&cc);
		mtx_unlock(&cm);
	}
	mtx_lock(&cm);
	while (c_avail)
		cnd_wait(&cc, &cm);
	c_done = 1;
	cnd_signal(&cc);
	mtx_unlock(&cm);
	return 0;
}

static void *c11_consumer(void *arg)
{
	(void)arg;
	mtx_lock(&cm);
	for (;;) {
		while (!c_avail && !c_done) {
			struct timespec d = deadline_in(CLOCK_REALTIME, 60000);
			cnd_timedwait(&cc, &cm, &d);
		}
		if (!c_avail)
			break;
		c_sum += c_avail;
		c_items++;
		c_avail = 0;
		cnd_signal(&cc);
	}
	mtx_unlock(&cm);
	return 0;
}

static void c11(void)
{
	mtx_init(&cm, mtx_plain);
	mtx_init(&crec, mtx_plain | mtx_recursive);
	cnd_init(&cc);
	run(THREADS, c11_worker, 0);
	EXPECT_EQ("C11 mtx plain: count", c_count, THREADS * ITERS / 2);
	EXPECT_EQ("C11 mtx recursive: count", c_rcount, THREADS * ITERS / 2);

	pthread_t p, c;
	pthread_create(&c, 0, c11_consumer, 0);
	pthread_create(&p, 0, c11_producer, 0);
	pthread_join(p, 0);
	pthread_join(c, 0);
	EXPECT_EQ("C11 cnd handoff: items", c_items, ITERS / 4);
	EXPECT_EQ("C11 cnd handoff: sum", c_sum, (long)(ITERS / 4) * (ITERS / 4 + 1) / 2);
	cnd_destroy(&cc);
	mtx_destroy(&crec);
	mtx_destroy(&cm);
}

int main(void)
{
	watchdog(120);
	mutexes();
	conds();
	rwlocks();
	writer_preference();
	barriers_and_spins();
	c11();
	return check_done();
}
