/* Every synchronization family through the names a program built today
 * references (pthread_cond_wait@GLIBC_2.3.2, pthread_mutex_clocklock@
 * GLIBC_2.34, mtx_lock@GLIBC_2.34, ...).  Built twice: against the
 * system's libc (current default versions), and against a stand-in
 * libpthread.so.0 so the same references are recorded the way glibc 2.33
 * and older recorded them (stub-libpthread.map).  Linked with -z now, so
 * every reference is bound, and logged, at startup.
 *
 * Output must equal versions_default.expected, on glibc and on
 * fxpthread alike. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <threads.h>
#include "check.h"

#define ROUNDS 2000

/* ------------------------------------------------- another thread's try */

struct job {
	int (*fn)(void *);
	void *arg;
	int result;
};

static void *job_run(void *p)
{
	struct job *j = p;
	j->result = j->fn(j->arg);
	return 0;
}

/* fn(arg) in a new thread, joined: "someone else tries while we hold it" */
static int in_thread(int (*fn)(void *), void *arg)
{
	struct job j = { fn, arg, -1 };
	pthread_t t;
	pthread_create(&t, 0, job_run, &j);
	pthread_join(t, 0);
	return j.result;
}

static int try_mutex(void *m) { return pthread_mutex_trylock(m); }
static int unlock_mutex(void *m) { return pthread_mutex_unlock(m); }
static int clocklock_mutex(void *m)
{
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 20);
	return pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &d);
}
static int timedlock_mutex(void *m)
{
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	return pthread_mutex_timedlock(m, &d);
}
static int lock_and_exit(void *m) { return pthread_mutex_lock(m); }

/* --------------------------------------------------------------- mutex */

static void mutexes(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int v;

	pthread_mutexattr_init(&a);
	EXPECT_ERR("mutexattr_settype(ERRORCHECK)",
		   pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	pthread_mutexattr_gettype(&a, &v);
	EXPECT_EQ("mutexattr_gettype == ERRORCHECK", v == PTHREAD_MUTEX_ERRORCHECK, 1);
	pthread_mutexattr_getpshared(&a, &v);
	EXPECT_EQ("mutexattr_getpshared == PRIVATE", v == PTHREAD_PROCESS_PRIVATE, 1);
	pthread_mutexattr_getprotocol(&a, &v);
	EXPECT_EQ("mutexattr_getprotocol == NONE", v == PTHREAD_PRIO_NONE, 1);
	pthread_mutex_init(&m, &a);
	pthread_mutexattr_destroy(&a);
	EXPECT_ERR("errorcheck lock", pthread_mutex_lock(&m), 0);
	EXPECT_ERR("errorcheck relock", pthread_mutex_lock(&m), EDEADLK);
	EXPECT_ERR("errorcheck unlock by other thread", in_thread(unlock_mutex, &m), EPERM);
	EXPECT_ERR("errorcheck trylock by other thread", in_thread(try_mutex, &m), EBUSY);
	EXPECT_ERR("errorcheck clocklock by other thread", in_thread(clocklock_mutex, &m), ETIMEDOUT);
	EXPECT_ERR("errorcheck timedlock by other thread", in_thread(timedlock_mutex, &m), ETIMEDOUT);
	EXPECT_ERR("errorcheck unlock", pthread_mutex_unlock(&m), 0);
	EXPECT_ERR("errorcheck unlock again", pthread_mutex_unlock(&m), EPERM);
	EXPECT_ERR("errorcheck destroy", pthread_mutex_destroy(&m), 0);

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	pthread_mutexattr_destroy(&a);
	int depth_ok = 1;
	for (int i = 0; i < 3; i++)
		depth_ok &= pthread_mutex_lock(&m) == 0;
	depth_ok &= pthread_mutex_trylock(&m) == 0;
	EXPECT_EQ("recursive lock x3 + trylock", depth_ok, 1);
	EXPECT_ERR("recursive trylock by other thread", in_thread(try_mutex, &m), EBUSY);
	for (int i = 0; i < 4; i++)
		depth_ok &= pthread_mutex_unlock(&m) == 0;
	EXPECT_EQ("recursive unlock x4", depth_ok, 1);
	EXPECT_ERR("recursive clocklock by other thread, free", in_thread(clocklock_mutex, &m), 0);
	pthread_mutex_destroy(&m);

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_getrobust(&a, &v);
	EXPECT_EQ("mutexattr_getrobust == ROBUST", v == PTHREAD_MUTEX_ROBUST, 1);
	pthread_mutex_init(&m, &a);
	pthread_mutexattr_destroy(&a);
	EXPECT_ERR("robust: owner exits holding it", in_thread(lock_and_exit, &m), 0);
	EXPECT_ERR("robust lock after owner died", pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT_ERR("robust consistent", pthread_mutex_consistent(&m), 0);
	EXPECT_ERR("robust unlock", pthread_mutex_unlock(&m), 0);
	EXPECT_ERR("robust lock again", pthread_mutex_lock(&m), 0);
	EXPECT_ERR("robust unlock again", pthread_mutex_unlock(&m), 0);
	pthread_mutex_destroy(&m);

	pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
	EXPECT_ERR("normal lock", pthread_mutex_lock(&n), 0);
	EXPECT_ERR("normal destroy while locked", pthread_mutex_destroy(&n), EBUSY);
	EXPECT_ERR("normal trylock by other thread", in_thread(try_mutex, &n), EBUSY);
	EXPECT_ERR("normal unlock", pthread_mutex_unlock(&n), 0);
	EXPECT_ERR("normal clocklock by other thread, free", in_thread(clocklock_mutex, &n), 0);
	EXPECT_ERR("normal unlock after clocklock", pthread_mutex_unlock(&n), 0);
}

/* --------------------------------------------------------------- cond */

static pthread_mutex_t pp_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_c = PTHREAD_COND_INITIALIZER;
static int pp_turn, pp_moves;

/* Two threads take turns; at most one of them waits at any time. */
static void ping_pong_side(int me)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&pp_m);
		while (pp_turn != me)
			pthread_cond_wait(&pp_c, &pp_m);
		pp_turn = !me;
		pp_moves++;
		pthread_cond_signal(&pp_c);
		pthread_mutex_unlock(&pp_m);
	}
}

static void *ping_pong_peer(void *arg)
{
	(void)arg;
	ping_pong_side(1);
	return 0;
}

static int gate_open, gate_waiting;
static pthread_cond_t gate_c = PTHREAD_COND_INITIALIZER;

static void *gate_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pp_m);
	gate_waiting++;
	pthread_cond_signal(&pp_c);
	while (!gate_open)
		pthread_cond_wait(&gate_c, &pp_m);
	pthread_mutex_unlock(&pp_m);
	return 0;
}

static void conds(void)
{
	pthread_t t[3];
	pthread_create(&t[0], 0, ping_pong_peer, 0);
	ping_pong_side(0);
	pthread_join(t[0], 0);
	EXPECT_EQ("cond ping-pong moves", pp_moves, 2 * ROUNDS);

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], 0, gate_waiter, 0);
	pthread_mutex_lock(&pp_m);
	while (gate_waiting < 3)
		pthread_cond_wait(&pp_c, &pp_m);
	gate_open = 1;
	pthread_cond_broadcast(&gate_c);
	pthread_mutex_unlock(&pp_m);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("cond broadcast released waiters", gate_waiting, 3);

	pthread_condattr_t ca;
	pthread_cond_t c;
	clockid_t clk;
	int v;
	pthread_condattr_init(&ca);
	EXPECT_ERR("condattr_setclock(MONOTONIC)", pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0);
	pthread_condattr_getclock(&ca, &clk);
	EXPECT_EQ("condattr_getclock == MONOTONIC", clk == CLOCK_MONOTONIC, 1);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_PRIVATE);
	pthread_condattr_getpshared(&ca, &v);
	EXPECT_EQ("condattr_getpshared == PRIVATE", v == PTHREAD_PROCESS_PRIVATE, 1);
	pthread_cond_init(&c, &ca);
	pthread_condattr_destroy(&ca);

	struct timespec d;
	pthread_mutex_lock(&pp_m);
	d = deadline_in(CLOCK_MONOTONIC, 20);
	EXPECT_ERR("cond_timedwait (monotonic condattr)", pthread_cond_timedwait(&c, &pp_m, &d), ETIMEDOUT);
	d = deadline_in(CLOCK_REALTIME, 20);
	EXPECT_ERR("cond_clockwait(REALTIME)", pthread_cond_clockwait(&c, &pp_m, CLOCK_REALTIME, &d), ETIMEDOUT);
	EXPECT_ERR("mutex still held after timeout", pthread_mutex_trylock(&pp_m), EBUSY);
	pthread_mutex_unlock(&pp_m);
	EXPECT_ERR("cond_destroy", pthread_cond_destroy(&c), 0);
}

/* ------------------------------------------------------------- rwlock */

static int try_rd(void *rw)
{
	int r = pthread_rwlock_tryrdlock(rw);
	if (r == 0)
		pthread_rwlock_unlock(rw);
	return r;
}
static int try_wr(void *rw) { return pthread_rwlock_trywrlock(rw); }
static int clock_wr(void *rw)
{
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 20);
	return pthread_rwlock_clockwrlock(rw, CLOCK_MONOTONIC, &d);
}
static int timed_wr(void *rw)
{
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	return pthread_rwlock_timedwrlock(rw, &d);
}
static int clock_rd(void *rw)
{
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 20);
	int r = pthread_rwlock_clockrdlock(rw, CLOCK_MONOTONIC, &d);
	if (r == 0)
		pthread_rwlock_unlock(rw);
	return r;
}
static int timed_rd(void *rw)
{
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	int r = pthread_rwlock_timedrdlock(rw, &d);
	if (r == 0)
		pthread_rwlock_unlock(rw);
	return r;
}

static void rwlocks(void)
{
	pthread_rwlockattr_t a;
	pthread_rwlock_t rw;
	int v;
	pthread_rwlockattr_init(&a);
	EXPECT_ERR("rwlockattr_setkind_np(PREFER_WRITER_NONRECURSIVE)",
		   pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP), 0);
	pthread_rwlockattr_getkind_np(&a, &v);
	EXPECT_EQ("rwlockattr_getkind_np", v == PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, 1);
	pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE);
	pthread_rwlockattr_getpshared(&a, &v);
	EXPECT_EQ("rwlockattr_getpshared == PRIVATE", v == PTHREAD_PROCESS_PRIVATE, 1);
	pthread_rwlock_init(&rw, &a);
	pthread_rwlockattr_destroy(&a);

	EXPECT_ERR("rdlock", pthread_rwlock_rdlock(&rw), 0);
	EXPECT_ERR("tryrdlock by other thread", in_thread(try_rd, &rw), 0);
	EXPECT_ERR("clockrdlock by other thread", in_thread(clock_rd, &rw), 0);
	EXPECT_ERR("timedrdlock by other thread", in_thread(timed_rd, &rw), 0);
	EXPECT_ERR("trywrlock by other thread", in_thread(try_wr, &rw), EBUSY);
	EXPECT_ERR("clockwrlock by other thread", in_thread(clock_wr, &rw), ETIMEDOUT);
	EXPECT_ERR("timedwrlock by other thread", in_thread(timed_wr, &rw), ETIMEDOUT);
	EXPECT_ERR("unlock read", pthread_rwlock_unlock(&rw), 0);
	EXPECT_ERR("wrlock", pthread_rwlock_wrlock(&rw), 0);
	EXPECT_ERR("tryrdlock by other thread while written", in_thread(try_rd, &rw), EBUSY);
	EXPECT_ERR("clockrdlock by other thread while written", in_thread(clock_rd, &rw), ETIMEDOUT);
	EXPECT_ERR("unlock write", pthread_rwlock_unlock(&rw), 0);
	EXPECT_ERR("rwlock_destroy", pthread_rwlock_destroy(&rw), 0);
}

/* --------------------------------------------------- barrier and spin */

#define BARRIER_THREADS 3
#define BARRIER_ROUNDS 100
static pthread_barrier_t bar;
static int serials;
static int round_sum[BARRIER_ROUNDS];
static int round_bad;

static void *barrier_worker(void *arg)
{
	long id = (long)arg;
	for (int r = 0; r < BARRIER_ROUNDS; r++) {
		__atomic_add_fetch(&round_sum[r], (int)id + 1, __ATOMIC_RELAXED);
		int s = pthread_barrier_wait(&bar);
		if (s == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
		else if (s != 0)
			round_bad++;
		/* everyone of this round has arrived: the sum is complete */
		if (__atomic_load_n(&round_sum[r], __ATOMIC_RELAXED) != 1 + 2 + 3)
			__atomic_add_fetch(&round_bad, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

#define SPIN_THREADS 2
#define SPIN_ITERS 20000
static pthread_spinlock_t spin;
static long spin_count;

static void *spin_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < SPIN_ITERS; i++) {
		pthread_spin_lock(&spin);
		spin_count++;
		pthread_spin_unlock(&spin);
	}
	return 0;
}

static int try_spin(void *l) { return pthread_spin_trylock(l); }

static void barriers_and_spins(void)
{
	pthread_barrierattr_t a;
	pthread_t t[BARRIER_THREADS];
	int v;
	pthread_barrierattr_init(&a);
	pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE);
	pthread_barrierattr_getpshared(&a, &v);
	EXPECT_EQ("barrierattr_getpshared == PRIVATE", v == PTHREAD_PROCESS_PRIVATE, 1);
	pthread_barrier_init(&bar, &a, BARRIER_THREADS);
	pthread_barrierattr_destroy(&a);
	for (long i = 0; i < BARRIER_THREADS; i++)
		pthread_create(&t[i], 0, barrier_worker, (void *)i);
	for (int i = 0; i < BARRIER_THREADS; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("barrier serial threads", serials, BARRIER_ROUNDS);
	EXPECT_EQ("barrier incomplete rounds seen", round_bad, 0);
	EXPECT_ERR("barrier_destroy", pthread_barrier_destroy(&bar), 0);

	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < SPIN_THREADS; i++)
		pthread_create(&t[i], 0, spin_worker, 0);
	for (int i = 0; i < SPIN_THREADS; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("spin count", spin_count, SPIN_THREADS * SPIN_ITERS);
	pthread_spin_lock(&spin);
	EXPECT_ERR("spin_trylock by other thread", in_thread(try_spin, (void *)&spin), EBUSY);
	pthread_spin_unlock(&spin);
	EXPECT_ERR("spin_trylock free", pthread_spin_trylock(&spin), 0);
	pthread_spin_unlock(&spin);
	EXPECT_ERR("spin_destroy", pthread_spin_destroy(&spin), 0);
}

/* ----------------------------------------------------------------- C11 */

static mtx_t cm;
static cnd_t cc;
static int c_turn, c_moves;

static void c11_side(int me)
{
	for (int i = 0; i < ROUNDS; i++) {
		mtx_lock(&cm);
		while (c_turn != me)
			cnd_wait(&cc, &cm);
		c_turn = !me;
		c_moves++;
		if (i % 2)
			cnd_signal(&cc);
		else
			cnd_broadcast(&cc);
		mtx_unlock(&cm);
	}
}

static void *c11_peer(void *arg)
{
	(void)arg;
	c11_side(1);
	return 0;
}

static int c11_try(void *m) { return mtx_trylock(m); }
static int c11_timed(void *m)
{
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	return mtx_timedlock(m, &d);
}

static void c11(void)
{
	pthread_t t;
	EXPECT_EQ("mtx_init(plain)", mtx_init(&cm, mtx_plain), thrd_success);
	EXPECT_EQ("cnd_init", cnd_init(&cc), thrd_success);
	pthread_create(&t, 0, c11_peer, 0);
	c11_side(0);
	pthread_join(t, 0);
	EXPECT_EQ("C11 ping-pong moves", c_moves, 2 * ROUNDS);

	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	mtx_lock(&cm);
	EXPECT_EQ("cnd_timedwait timed out", cnd_timedwait(&cc, &cm, &d), thrd_timedout);
	EXPECT_EQ("mtx_trylock by other thread", in_thread(c11_try, &cm), thrd_busy);
	mtx_unlock(&cm);
	cnd_destroy(&cc);
	mtx_destroy(&cm);

	mtx_t r;
	EXPECT_EQ("mtx_init(timed|recursive)", mtx_init(&r, mtx_timed | mtx_recursive), thrd_success);
	EXPECT_EQ("mtx_lock", mtx_lock(&r), thrd_success);
	EXPECT_EQ("mtx_trylock recursive", mtx_trylock(&r), thrd_success);
	EXPECT_EQ("mtx_timedlock by other thread", in_thread(c11_timed, &r), thrd_timedout);
	mtx_unlock(&r);
	EXPECT_EQ("mtx_timedlock by other thread, still held", in_thread(c11_timed, &r), thrd_timedout);
	mtx_unlock(&r);
	EXPECT_EQ("mtx_timedlock by other thread, free", in_thread(c11_timed, &r), thrd_success);
	mtx_destroy(&r);
}

int main(void)
{
	watchdog(60);
	mutexes();
	conds();
	rwlocks();
	barriers_and_spins();
	c11();
	return check_done();
}
