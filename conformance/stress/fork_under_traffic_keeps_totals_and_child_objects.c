/* fork() while other threads hammer mutexes, condvars, rwlocks, a barrier
 * and a spin lock.
 *
 * In the parent, hammer threads keep every kind of object busy, each
 * counting its own successes privately.  The main thread and one of the
 * hammer threads fork children in a loop.  Each child (whose copies of
 * the busy objects may be held by threads that do not exist in it, so it
 * leaves them alone):
 *
 *   1. creates fresh objects of every kind: each mutex flavour (normal,
 *      adaptive, errorcheck, recursive, robust, PI, priority ceiling;
 *      private and process-shared), condvars on both clocks, rwlocks of
 *      each kind, a barrier, a spin lock, C11 mtx_t/cnd_t;
 *   2. checks their single-thread answers (EBUSY, EDEADLK, recursion),
 *      then runs two threads of its own through a condvar ping-pong, a
 *      barrier, rwlock contention and a spin-locked counter, exactly;
 *   3. destroys them (each destroy returns 0);
 *   4. locks a process-shared robust mutex the parent prepared for this
 *      fork and exits holding it: the parent must then get EOWNERDEAD,
 *      which proves the child's robust list was registered afresh.
 *
 * Invariants checked: every child exits 0 within the hang bound; each
 * robust mutex a child died holding gives EOWNERDEAD; and when the
 * hammering stops, every shared counter equals the sum of the private
 * ones.
 *
 *   -n  hammer thread pairs (default 2)
 */
#include <threads.h>
#include "stress.h"

#define CHILD_PINGPONG 500
#define MAX_PAIRS 8

/* ------------------------------------------------------------ parent */

struct hammer {
	pthread_mutex_t m_normal, m_check;
	pthread_cond_t cv;
	pthread_rwlock_t rw;
	pthread_barrier_t bar;
	pthread_spinlock_t spin;
	uint64_t c_normal, c_check, c_rw, c_spin;
	int tokens;
	uint64_t produced, consumed;
	int done;
};

static struct hammer hm;
static int stop_hammering;
static int nthreads;

struct counts {
	uint64_t normal, check, rw, spin, produced, consumed;
};
static struct counts per_thread[2 * MAX_PAIRS + 2];

/* Shared with the children: one robust mutex per fork in flight. */
struct robust_slot {
	pthread_mutex_t m;
};
static struct robust_slot *slots; /* [0]: main thread, [1]: hammer forker */

static uint64_t forks, owner_dead_seen;
static int forker_stop;

/* Threads whose start routine is running.  The forking starts once all
 * are: a thread still starting up is inside the C library's (or, in the
 * ASan build, the sanitizer runtime's) allocator, and a child forked then
 * inherits that allocator locked and hangs in its first malloc.  Forking
 * while threads are being created is the runtime's business, not the
 * synchronization library's. */
static int threads_started;

static void thread_started(void)
{
	__atomic_fetch_add(&threads_started, 1, __ATOMIC_SEQ_CST);
}

static int hammering(void)
{
	return !__atomic_load_n(&stop_hammering, __ATOMIC_RELAXED);
}

/* Even threads: producers and writers; odd: consumers and readers.
 * Everyone takes both mutexes, the spin lock and the barrier. */
static void *hammer_thread(void *p)
{
	int id = (int)(intptr_t)p;
	struct counts *c = &per_thread[id];
	thread_started();
	struct stress_rng r = stress_rng_for(10 + (uint64_t)id);
	int producer = id % 2 == 0;
	while (hammering()) {
		CHECK_OK(pthread_mutex_lock(&hm.m_normal));
		hm.c_normal++;
		c->normal++;
		CHECK_OK(pthread_mutex_unlock(&hm.m_normal));

		CHECK_OK(pthread_mutex_lock(&hm.m_check));
		hm.c_check++;
		c->check++;
		if (producer) {
			if (hm.tokens < 4) {
				hm.tokens++;
				hm.produced++;
				c->produced++;
				CHECK_OK(pthread_cond_signal(&hm.cv));
			}
		} else {
			while (hm.tokens == 0 && !hm.done) {
				struct timespec d = ts_after_ns(CLOCK_REALTIME, 50000000);
				int e = pthread_cond_timedwait(&hm.cv, &hm.m_check, &d);
				CHECK(e == 0 || e == ETIMEDOUT,
				      "cond timedwait returned %s", stress_errname(e));
				if (!hammering())
					break;
			}
			if (hm.tokens > 0) {
				hm.tokens--;
				hm.consumed++;
				c->consumed++;
			}
		}
		CHECK_OK(pthread_mutex_unlock(&hm.m_check));

		if (producer) {
			CHECK_OK(pthread_rwlock_wrlock(&hm.rw));
			hm.c_rw++;
			c->rw++;
			CHECK_OK(pthread_rwlock_unlock(&hm.rw));
		} else {
			CHECK_OK(pthread_rwlock_rdlock(&hm.rw));
			(void)__atomic_load_n(&hm.c_rw, __ATOMIC_RELAXED);
			CHECK_OK(pthread_rwlock_unlock(&hm.rw));
		}

		CHECK_OK(pthread_spin_lock(&hm.spin));
		hm.c_spin++;
		c->spin++;
		CHECK_OK(pthread_spin_unlock(&hm.spin));

		if (stress_below(&r, 8) == 0)
			sched_yield();
	}
	/* Leave the barrier rounds to a dedicated pair (see barrier_thread). */
	return 0;
}

static uint64_t bar_rounds[2];
static int bar_go_on = 1;

static void *barrier_thread(void *p)
{
	int id = (int)(intptr_t)p;
	thread_started();
	for (;;) {
		int e = pthread_barrier_wait(&hm.bar);
		CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
		      "barrier wait returned %d", e);
		if (id == 0)
			__atomic_store_n(&bar_go_on, hammering(), __ATOMIC_SEQ_CST);
		e = pthread_barrier_wait(&hm.bar);
		CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
		      "barrier wait returned %d", e);
		bar_rounds[id]++;
		if (!__atomic_load_n(&bar_go_on, __ATOMIC_SEQ_CST))
			return 0;
	}
}

/* ------------------------------------------------------------- child */

struct child_shared {
	pthread_mutex_t m;
	pthread_cond_t cv;
	pthread_rwlock_t rw;
	pthread_barrier_t bar;
	pthread_spinlock_t spin;
	mtx_t m11;
	cnd_t c11;
	int turn;	  /* ping-pong: whose turn, 0 or 1 */
	int turn11;
	uint64_t spin_count, rw_count;
	int rw_inside;
};

static void child_single_thread_answers(void)
{
	for (size_t i = 0; i < STRESS_NKINDS; i++) {
		const struct stress_mutex_kind *k = &stress_mutex_kinds[i];
		if (!stress_kind_usable(k))
			continue;
		for (int pshared = 0; pshared < 2; pshared++) {
			pthread_mutex_t m;
			stress_mutex_init(&m, k, pshared);
			CHECK_OK(pthread_mutex_lock(&m));
			int e = pthread_mutex_trylock(&m);
			if (k->type == PTHREAD_MUTEX_RECURSIVE) {
				CHECK(e == 0, "child: %s trylock while held: %s",
				      k->name, stress_errname(e));
				CHECK_OK(pthread_mutex_unlock(&m));
			} else {
				CHECK(e == EBUSY || e == EDEADLK,
				      "child: %s trylock while held: %s",
				      k->name, stress_errname(e));
			}
			if (k->type == PTHREAD_MUTEX_ERRORCHECK)
				CHECK_RC(pthread_mutex_lock(&m), EDEADLK);
			CHECK_OK(pthread_mutex_unlock(&m));
			if (stress_kind_checks_owner(k))
				CHECK_RC(pthread_mutex_unlock(&m), EPERM);
			CHECK_OK(pthread_mutex_destroy(&m));
		}
	}
	for (int kind = 0; kind <= PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP; kind++) {
		pthread_rwlockattr_t a;
		pthread_rwlock_t rw;
		CHECK_OK(pthread_rwlockattr_init(&a));
		CHECK_OK(pthread_rwlockattr_setkind_np(&a, kind));
		CHECK_OK(pthread_rwlock_init(&rw, &a));
		CHECK_OK(pthread_rwlockattr_destroy(&a));
		CHECK_OK(pthread_rwlock_rdlock(&rw));
		CHECK_OK(pthread_rwlock_rdlock(&rw));
		CHECK_RC(pthread_rwlock_trywrlock(&rw), EBUSY);
		CHECK_OK(pthread_rwlock_unlock(&rw));
		CHECK_OK(pthread_rwlock_unlock(&rw));
		CHECK_OK(pthread_rwlock_wrlock(&rw));
		CHECK_RC(pthread_rwlock_tryrdlock(&rw), EBUSY);
		CHECK_OK(pthread_rwlock_unlock(&rw));
		CHECK_OK(pthread_rwlock_destroy(&rw));
	}
	for (int clock = 0; clock < 2; clock++) {
		pthread_condattr_t a;
		pthread_cond_t cv;
		pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
		CHECK_OK(pthread_condattr_init(&a));
		CHECK_OK(pthread_condattr_setclock(&a, clock ? CLOCK_MONOTONIC
							     : CLOCK_REALTIME));
		CHECK_OK(pthread_cond_init(&cv, &a));
		CHECK_OK(pthread_condattr_destroy(&a));
		CHECK_OK(pthread_mutex_lock(&m));
		struct timespec d = ts_after_ns(clock ? CLOCK_MONOTONIC : CLOCK_REALTIME,
						1000000);
		CHECK_RC(pthread_cond_timedwait(&cv, &m, &d), ETIMEDOUT);
		CHECK_OK(pthread_mutex_unlock(&m));
		CHECK_OK(pthread_cond_signal(&cv));
		CHECK_OK(pthread_cond_broadcast(&cv));
		CHECK_OK(pthread_cond_destroy(&cv));
		CHECK_OK(pthread_mutex_destroy(&m));
	}
	pthread_spinlock_t s;
	CHECK_OK(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	CHECK_OK(pthread_spin_lock(&s));
	CHECK_RC(pthread_spin_trylock(&s), EBUSY);
	CHECK_OK(pthread_spin_unlock(&s));
	CHECK_OK(pthread_spin_destroy(&s));
}

static void *child_partner(void *p)
{
	struct child_shared *cs = p;
	int me = 1;
	for (int i = 0; i < CHILD_PINGPONG; i++) {
		CHECK_OK(pthread_mutex_lock(&cs->m));
		while (cs->turn != me)
			CHECK_OK(pthread_cond_wait(&cs->cv, &cs->m));
		cs->turn = !me;
		CHECK_OK(pthread_cond_signal(&cs->cv));
		CHECK_OK(pthread_mutex_unlock(&cs->m));

		CHECK(mtx_lock(&cs->m11) == thrd_success, "child: mtx_lock");
		while (cs->turn11 != me)
			CHECK(cnd_wait(&cs->c11, &cs->m11) == thrd_success,
			      "child: cnd_wait");
		cs->turn11 = !me;
		CHECK(cnd_signal(&cs->c11) == thrd_success, "child: cnd_signal");
		CHECK(mtx_unlock(&cs->m11) == thrd_success, "child: mtx_unlock");

		CHECK_OK(pthread_spin_lock(&cs->spin));
		cs->spin_count++;
		CHECK_OK(pthread_spin_unlock(&cs->spin));

		CHECK_OK(pthread_rwlock_wrlock(&cs->rw));
		CHECK(cs->rw_inside == 0, "child: rwlock writer not alone");
		cs->rw_count++;
		CHECK_OK(pthread_rwlock_unlock(&cs->rw));

		if (i % 50 == 0) {
			int e = pthread_barrier_wait(&cs->bar);
			CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
			      "child: barrier wait returned %d", e);
		}
	}
	return 0;
}

static void child_two_threads(void)
{
	static struct child_shared cs;
	memset(&cs, 0, sizeof cs);
	CHECK_OK(pthread_mutex_init(&cs.m, 0));
	CHECK_OK(pthread_cond_init(&cs.cv, 0));
	CHECK_OK(pthread_rwlock_init(&cs.rw, 0));
	CHECK_OK(pthread_barrier_init(&cs.bar, 0, 2));
	CHECK_OK(pthread_spin_init(&cs.spin, PTHREAD_PROCESS_PRIVATE));
	CHECK(mtx_init(&cs.m11, mtx_plain) == thrd_success, "child: mtx_init");
	CHECK(cnd_init(&cs.c11) == thrd_success, "child: cnd_init");
	pthread_t t;
	stress_thread(&t, 64 * 1024, child_partner, &cs);
	int me = 0;
	for (int i = 0; i < CHILD_PINGPONG; i++) {
		CHECK_OK(pthread_mutex_lock(&cs.m));
		while (cs.turn != me)
			CHECK_OK(pthread_cond_wait(&cs.cv, &cs.m));
		cs.turn = !me;
		CHECK_OK(pthread_cond_signal(&cs.cv));
		CHECK_OK(pthread_mutex_unlock(&cs.m));

		CHECK(mtx_lock(&cs.m11) == thrd_success, "child: mtx_lock");
		while (cs.turn11 != me)
			CHECK(cnd_wait(&cs.c11, &cs.m11) == thrd_success,
			      "child: cnd_wait");
		cs.turn11 = !me;
		CHECK(cnd_signal(&cs.c11) == thrd_success, "child: cnd_signal");
		CHECK(mtx_unlock(&cs.m11) == thrd_success, "child: mtx_unlock");

		CHECK_OK(pthread_spin_lock(&cs.spin));
		cs.spin_count++;
		CHECK_OK(pthread_spin_unlock(&cs.spin));

		CHECK_OK(pthread_rwlock_rdlock(&cs.rw));
		__atomic_fetch_add(&cs.rw_inside, 1, __ATOMIC_SEQ_CST);
		__atomic_fetch_sub(&cs.rw_inside, 1, __ATOMIC_SEQ_CST);
		CHECK_OK(pthread_rwlock_unlock(&cs.rw));

		if (i % 50 == 0) {
			int e = pthread_barrier_wait(&cs.bar);
			CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
			      "child: barrier wait returned %d", e);
		}
	}
	stress_join(t);
	CHECK(cs.spin_count == 2 * CHILD_PINGPONG, "child: spin count %llu",
	      (unsigned long long)cs.spin_count);
	CHECK(cs.rw_count == CHILD_PINGPONG, "child: rwlock count %llu",
	      (unsigned long long)cs.rw_count);
	CHECK_OK(pthread_mutex_destroy(&cs.m));
	CHECK_OK(pthread_cond_destroy(&cs.cv));
	CHECK_OK(pthread_rwlock_destroy(&cs.rw));
	CHECK_OK(pthread_barrier_destroy(&cs.bar));
	CHECK_OK(pthread_spin_destroy(&cs.spin));
	mtx_destroy(&cs.m11);
	cnd_destroy(&cs.c11);
}

static void child_main(int slot)
{
	alarm(stress.hang);
	stress_phase("child");
	child_single_thread_answers();
	child_two_threads();
	/* Die holding the robust mutex: the parent must hear of it. */
	CHECK_OK(pthread_mutex_lock(&slots[slot].m));
	_exit(0);
}

static void prepare_slot(int slot)
{
	static const struct stress_mutex_kind robust = {
		"robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE
	};
	stress_mutex_init(&slots[slot].m, &robust, 1);
}

/* Fork, let the child run, check what it left behind. */
static void fork_once(int slot)
{
	prepare_slot(slot);
	pid_t p = stress_fork();
	if (p == 0)
		child_main(slot);
	int st;
	CHECK(stress_waitpid(p, &st) == 0, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child ended with %s %d", WIFEXITED(st) ? "exit status" : "signal",
	      WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	int e = pthread_mutex_lock(&slots[slot].m);
	CHECK(e == EOWNERDEAD,
	      "robust mutex the child died holding: lock returned %s, "
	      "expected EOWNERDEAD",
	      stress_errname(e));
	CHECK_OK(pthread_mutex_consistent(&slots[slot].m));
	CHECK_OK(pthread_mutex_unlock(&slots[slot].m));
	CHECK_OK(pthread_mutex_destroy(&slots[slot].m));
	__atomic_fetch_add(&forks, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&owner_dead_seen, 1, __ATOMIC_RELAXED);
}

/* A second forker: forks from a thread that is not the main thread. */
static void *forker_thread(void *p)
{
	(void)p;
	thread_started();
	while (__atomic_load_n(&threads_started, __ATOMIC_SEQ_CST) < nthreads + 3)
		sched_yield();
	while (!__atomic_load_n(&forker_stop, __ATOMIC_SEQ_CST)) {
		fork_once(1);
		stress_sleep_us(500);
	}
	return 0;
}

static void hang_report(void)
{
	stress_write_u64("forks", forks);
	stress_write_u64("mutex count", hm.c_normal);
	stress_write_u64("tokens produced", hm.produced);
}

int main(int argc, char **argv)
{
	stress_begin(argc, argv, "fork_under_traffic_keeps_totals_and_child_objects",
		     3.0, 2, "hammer thread pairs (max 8)");
	stress_hang_hook = hang_report;
	int pairs = stress.n > MAX_PAIRS ? MAX_PAIRS : (int)stress.n;
	nthreads = 2 * pairs;
	slots = stress_shared_alloc(2 * sizeof *slots);

	pthread_mutexattr_t a;
	CHECK_OK(pthread_mutexattr_init(&a));
	CHECK_OK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	CHECK_OK(pthread_mutex_init(&hm.m_check, &a));
	CHECK_OK(pthread_mutexattr_destroy(&a));
	CHECK_OK(pthread_mutex_init(&hm.m_normal, 0));
	CHECK_OK(pthread_cond_init(&hm.cv, 0));
	CHECK_OK(pthread_rwlock_init(&hm.rw, 0));
	CHECK_OK(pthread_barrier_init(&hm.bar, 0, 2));
	CHECK_OK(pthread_spin_init(&hm.spin, PTHREAD_PROCESS_PRIVATE));

	stress_phase("forking under traffic");
	pthread_t t[2 * MAX_PAIRS], bt[2], ft;
	for (int i = 0; i < nthreads; i++)
		stress_thread(&t[i], 0, hammer_thread, (void *)(intptr_t)i);
	for (int i = 0; i < 2; i++)
		stress_thread(&bt[i], 0, barrier_thread, (void *)(intptr_t)i);
	stress_thread(&ft, 0, forker_thread, 0);
	while (__atomic_load_n(&threads_started, __ATOMIC_SEQ_CST) < nthreads + 3)
		sched_yield();

	while (stress_running() || forks < 4)
		fork_once(0);

	stress_phase("stopping");
	__atomic_store_n(&forker_stop, 1, __ATOMIC_SEQ_CST);
	stress_join(ft);
	__atomic_store_n(&stop_hammering, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_lock(&hm.m_check));
	hm.done = 1;
	CHECK_OK(pthread_cond_broadcast(&hm.cv));
	CHECK_OK(pthread_mutex_unlock(&hm.m_check));
	for (int i = 0; i < nthreads; i++)
		stress_join(t[i]);
	for (int i = 0; i < 2; i++)
		stress_join(bt[i]);

	stress_phase("audit");
	struct counts sum = { 0 };
	for (int i = 0; i < nthreads; i++) {
		sum.normal += per_thread[i].normal;
		sum.check += per_thread[i].check;
		sum.rw += per_thread[i].rw;
		sum.spin += per_thread[i].spin;
		sum.produced += per_thread[i].produced;
		sum.consumed += per_thread[i].consumed;
	}
	CHECK(sum.normal == hm.c_normal, "normal mutex: %llu vs %llu",
	      (unsigned long long)hm.c_normal, (unsigned long long)sum.normal);
	CHECK(sum.check == hm.c_check, "errorcheck mutex: %llu vs %llu",
	      (unsigned long long)hm.c_check, (unsigned long long)sum.check);
	CHECK(sum.rw == hm.c_rw, "rwlock: %llu vs %llu",
	      (unsigned long long)hm.c_rw, (unsigned long long)sum.rw);
	CHECK(sum.spin == hm.c_spin, "spin lock: %llu vs %llu",
	      (unsigned long long)hm.c_spin, (unsigned long long)sum.spin);
	CHECK(sum.produced == hm.produced && sum.consumed == hm.consumed &&
		      hm.produced == hm.consumed + (uint64_t)hm.tokens,
	      "tokens: produced %llu/%llu consumed %llu/%llu left %d",
	      (unsigned long long)hm.produced, (unsigned long long)sum.produced,
	      (unsigned long long)hm.consumed, (unsigned long long)sum.consumed,
	      hm.tokens);
	CHECK(bar_rounds[0] == bar_rounds[1], "barrier rounds %llu vs %llu",
	      (unsigned long long)bar_rounds[0], (unsigned long long)bar_rounds[1]);
	CHECK_OK(pthread_mutex_destroy(&hm.m_normal));
	CHECK_OK(pthread_mutex_destroy(&hm.m_check));
	CHECK_OK(pthread_cond_destroy(&hm.cv));
	CHECK_OK(pthread_rwlock_destroy(&hm.rw));
	CHECK_OK(pthread_barrier_destroy(&hm.bar));
	CHECK_OK(pthread_spin_destroy(&hm.spin));
	stress_pass("%llu forks (children used fresh objects of every kind and "
		    "died holding a robust mutex: EOWNERDEAD %llu times); %llu "
		    "mutex, %llu rwlock, %llu spin, %llu token, %llu barrier "
		    "operations in the parent, totals exact",
		    (unsigned long long)forks, (unsigned long long)owner_dead_seen,
		    (unsigned long long)(hm.c_normal + hm.c_check),
		    (unsigned long long)hm.c_rw, (unsigned long long)hm.c_spin,
		    (unsigned long long)hm.produced,
		    (unsigned long long)bar_rounds[0]);
}
