/* References that name glibc's compatibility versions, as binaries built
 * against older glibc releases carry them: pthread_cond_*@GLIBC_2.2.5
 * (the pre-2.3.2 condvar), pthread_mutex_clocklock@GLIBC_2.30,
 * mtx_*@GLIBC_2.28, the _np robust names @GLIBC_2.4, and so on.  Each
 * COMPAT() below declares compat_NAME and renames the reference to
 * NAME@VERSION with .symver; the scenarios call only those.
 *
 * Besides, version_refs (generated, gen-version-refs.sh) takes the
 * address of every NAME@VERSION pair the system's libc exports; main()
 * checks that all of them resolved into one object, the one a plain
 * lookup of pthread_mutex_lock finds.  check-bindings proves which.
 *
 * Output must equal versions_compat.expected, on glibc and on fxpthread
 * alike. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <threads.h>
#include "check.h"
#include "version_refs.h"

#define COMPAT(ret, name, version, params)                                   \
	extern ret compat_##name params;                                      \
	__asm__(".symver compat_" #name ", " #name "@" version)

COMPAT(int, pthread_cond_init, "GLIBC_2.2.5", (pthread_cond_t *, const pthread_condattr_t *));
COMPAT(int, pthread_cond_destroy, "GLIBC_2.2.5", (pthread_cond_t *));
COMPAT(int, pthread_cond_signal, "GLIBC_2.2.5", (pthread_cond_t *));
COMPAT(int, pthread_cond_broadcast, "GLIBC_2.2.5", (pthread_cond_t *));
COMPAT(int, pthread_cond_wait, "GLIBC_2.2.5", (pthread_cond_t *, pthread_mutex_t *));
COMPAT(int, pthread_cond_timedwait, "GLIBC_2.2.5", (pthread_cond_t *, pthread_mutex_t *, const struct timespec *));
COMPAT(int, pthread_cond_clockwait, "GLIBC_2.30", (pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *));
COMPAT(int, pthread_condattr_setclock, "GLIBC_2.3.3", (pthread_condattr_t *, clockid_t));

COMPAT(int, pthread_mutex_init, "GLIBC_2.2.5", (pthread_mutex_t *, const pthread_mutexattr_t *));
COMPAT(int, pthread_mutex_destroy, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, pthread_mutex_lock, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, pthread_mutex_trylock, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, pthread_mutex_unlock, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, pthread_mutex_timedlock, "GLIBC_2.2.5", (pthread_mutex_t *, const struct timespec *));
COMPAT(int, pthread_mutex_clocklock, "GLIBC_2.30", (pthread_mutex_t *, clockid_t, const struct timespec *));
COMPAT(int, pthread_mutex_consistent_np, "GLIBC_2.4", (pthread_mutex_t *));
COMPAT(int, pthread_mutexattr_init, "GLIBC_2.2.5", (pthread_mutexattr_t *));
COMPAT(int, pthread_mutexattr_destroy, "GLIBC_2.2.5", (pthread_mutexattr_t *));
COMPAT(int, pthread_mutexattr_settype, "GLIBC_2.2.5", (pthread_mutexattr_t *, int));
COMPAT(int, pthread_mutexattr_setrobust_np, "GLIBC_2.4", (pthread_mutexattr_t *, int));
COMPAT(int, pthread_mutexattr_getrobust_np, "GLIBC_2.4", (const pthread_mutexattr_t *, int *));
COMPAT(int, pthread_mutexattr_setrobust, "GLIBC_2.12", (pthread_mutexattr_t *, int));

COMPAT(int, pthread_rwlock_init, "GLIBC_2.2.5", (pthread_rwlock_t *, const pthread_rwlockattr_t *));
COMPAT(int, pthread_rwlock_destroy, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_rwlock_rdlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_rwlock_wrlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_rwlock_unlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_rwlock_tryrdlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_rwlock_trywrlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_rwlock_clockrdlock, "GLIBC_2.30", (pthread_rwlock_t *, clockid_t, const struct timespec *));
COMPAT(int, pthread_rwlock_clockwrlock, "GLIBC_2.30", (pthread_rwlock_t *, clockid_t, const struct timespec *));

COMPAT(int, pthread_barrier_init, "GLIBC_2.2.5", (pthread_barrier_t *, const pthread_barrierattr_t *, unsigned));
COMPAT(int, pthread_barrier_wait, "GLIBC_2.2.5", (pthread_barrier_t *));
COMPAT(int, pthread_barrier_destroy, "GLIBC_2.2.5", (pthread_barrier_t *));

COMPAT(int, pthread_spin_init, "GLIBC_2.2.5", (pthread_spinlock_t *, int));
COMPAT(int, pthread_spin_lock, "GLIBC_2.2.5", (pthread_spinlock_t *));
COMPAT(int, pthread_spin_trylock, "GLIBC_2.2.5", (pthread_spinlock_t *));
COMPAT(int, pthread_spin_unlock, "GLIBC_2.2.5", (pthread_spinlock_t *));
COMPAT(int, pthread_spin_destroy, "GLIBC_2.2.5", (pthread_spinlock_t *));

COMPAT(int, mtx_init, "GLIBC_2.28", (mtx_t *, int));
COMPAT(int, mtx_lock, "GLIBC_2.28", (mtx_t *));
COMPAT(int, mtx_trylock, "GLIBC_2.28", (mtx_t *));
COMPAT(int, mtx_timedlock, "GLIBC_2.28", (mtx_t *, const struct timespec *));
COMPAT(int, mtx_unlock, "GLIBC_2.28", (mtx_t *));
COMPAT(void, mtx_destroy, "GLIBC_2.28", (mtx_t *));
COMPAT(int, cnd_init, "GLIBC_2.28", (cnd_t *));
COMPAT(int, cnd_signal, "GLIBC_2.28", (cnd_t *));
COMPAT(int, cnd_broadcast, "GLIBC_2.28", (cnd_t *));
COMPAT(int, cnd_wait, "GLIBC_2.28", (cnd_t *, mtx_t *));
COMPAT(int, cnd_timedwait, "GLIBC_2.28", (cnd_t *, mtx_t *, const struct timespec *));
COMPAT(void, cnd_destroy, "GLIBC_2.28", (cnd_t *));

#define ROUNDS 2000

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

static int in_thread(int (*fn)(void *), void *arg)
{
	struct job j = { fn, arg, -1 };
	pthread_t t;
	pthread_create(&t, 0, job_run, &j);
	pthread_join(t, 0);
	return j.result;
}

/* ------------------------------------ the GLIBC_2.2.5 condvar ping-pong */

static pthread_mutex_t m;
static pthread_cond_t c;
static int turn, moves;

static void side(int me)
{
	for (int i = 0; i < ROUNDS; i++) {
		compat_pthread_mutex_lock(&m);
		while (turn != me)
			compat_pthread_cond_wait(&c, &m);
		turn = !me;
		moves++;
		if (i % 2)
			compat_pthread_cond_signal(&c);
		else
			compat_pthread_cond_broadcast(&c);
		compat_pthread_mutex_unlock(&m);
	}
}

static void *peer(void *arg)
{
	(void)arg;
	side(1);
	return 0;
}

static int try_m(void *p) { return compat_pthread_mutex_trylock(p); }
static int clock_m(void *p)
{
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 20);
	return compat_pthread_mutex_clocklock(p, CLOCK_MONOTONIC, &d);
}
static int timed_m(void *p)
{
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	return compat_pthread_mutex_timedlock(p, &d);
}
static int lock_and_exit(void *p) { return compat_pthread_mutex_lock(p); }

static void conds_and_mutexes(void)
{
	pthread_t t;
	EXPECT_ERR("mutex_init@GLIBC_2.2.5", compat_pthread_mutex_init(&m, 0), 0);
	EXPECT_ERR("cond_init@GLIBC_2.2.5", compat_pthread_cond_init(&c, 0), 0);
	pthread_create(&t, 0, peer, 0);
	side(0);
	pthread_join(t, 0);
	EXPECT_EQ("cond@GLIBC_2.2.5 ping-pong moves", moves, 2 * ROUNDS);

	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	compat_pthread_mutex_lock(&m);
	EXPECT_ERR("cond_timedwait@GLIBC_2.2.5", compat_pthread_cond_timedwait(&c, &m, &d), ETIMEDOUT);
	/* pthread_cond_clockwait never had a GLIBC_2.2.5 version: it takes
	 * glibc's current condvar, not the one cond_init@GLIBC_2.2.5 made. */
	pthread_cond_t current = PTHREAD_COND_INITIALIZER;
	d = deadline_in(CLOCK_MONOTONIC, 20);
	EXPECT_ERR("cond_clockwait@GLIBC_2.30", compat_pthread_cond_clockwait(&current, &m, CLOCK_MONOTONIC, &d), ETIMEDOUT);
	EXPECT_ERR("mutex_trylock@GLIBC_2.2.5 by other thread", in_thread(try_m, &m), EBUSY);
	EXPECT_ERR("mutex_clocklock@GLIBC_2.30 by other thread", in_thread(clock_m, &m), ETIMEDOUT);
	EXPECT_ERR("mutex_timedlock@GLIBC_2.2.5 by other thread", in_thread(timed_m, &m), ETIMEDOUT);
	compat_pthread_mutex_unlock(&m);
	EXPECT_ERR("mutex_clocklock@GLIBC_2.30 by other thread, free", in_thread(clock_m, &m), 0);
	compat_pthread_mutex_unlock(&m);
	EXPECT_ERR("cond_destroy@GLIBC_2.2.5", compat_pthread_cond_destroy(&c), 0);
	EXPECT_ERR("mutex_destroy@GLIBC_2.2.5", compat_pthread_mutex_destroy(&m), 0);

	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	EXPECT_ERR("condattr_setclock@GLIBC_2.3.3", compat_pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0);
	pthread_condattr_destroy(&ca);

	pthread_mutexattr_t a;
	int v = -1;
	compat_pthread_mutexattr_init(&a);
	EXPECT_ERR("mutexattr_setrobust_np@GLIBC_2.4", compat_pthread_mutexattr_setrobust_np(&a, PTHREAD_MUTEX_ROBUST), 0);
	compat_pthread_mutexattr_getrobust_np(&a, &v);
	EXPECT_EQ("mutexattr_getrobust_np@GLIBC_2.4 == ROBUST", v == PTHREAD_MUTEX_ROBUST, 1);
	EXPECT_ERR("mutexattr_setrobust@GLIBC_2.12", compat_pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
	EXPECT_ERR("mutexattr_settype@GLIBC_2.2.5", compat_pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	compat_pthread_mutex_init(&m, &a);
	compat_pthread_mutexattr_destroy(&a);
	EXPECT_ERR("robust owner exits holding it", in_thread(lock_and_exit, &m), 0);
	EXPECT_ERR("robust lock after owner died", compat_pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT_ERR("mutex_consistent_np@GLIBC_2.4", compat_pthread_mutex_consistent_np(&m), 0);
	EXPECT_ERR("robust errorcheck relock", compat_pthread_mutex_lock(&m), EDEADLK);
	EXPECT_ERR("robust unlock", compat_pthread_mutex_unlock(&m), 0);
	EXPECT_ERR("robust lock again", compat_pthread_mutex_lock(&m), 0);
	compat_pthread_mutex_unlock(&m);
	compat_pthread_mutex_destroy(&m);
}

/* --------------------------------------------- rwlock, barrier, spin */

static pthread_rwlock_t rw;
static long rw_a, rw_b, rw_torn;

static void *rw_worker(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < 5000; i++) {
		if (id < 2) {
			compat_pthread_rwlock_wrlock(&rw);
			rw_a++;
			rw_b++;
			compat_pthread_rwlock_unlock(&rw);
		} else {
			compat_pthread_rwlock_rdlock(&rw);
			if (rw_a != rw_b)
				__atomic_add_fetch(&rw_torn, 1, __ATOMIC_RELAXED);
			compat_pthread_rwlock_unlock(&rw);
		}
	}
	return 0;
}

static int try_rd(void *p)
{
	int r = compat_pthread_rwlock_tryrdlock(p);
	if (r == 0)
		compat_pthread_rwlock_unlock(p);
	return r;
}
static int try_wr(void *p) { return compat_pthread_rwlock_trywrlock(p); }
static int clock_rd(void *p)
{
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 20);
	int r = compat_pthread_rwlock_clockrdlock(p, CLOCK_MONOTONIC, &d);
	if (r == 0)
		compat_pthread_rwlock_unlock(p);
	return r;
}
static int clock_wr(void *p)
{
	struct timespec d = deadline_in(CLOCK_MONOTONIC, 20);
	return compat_pthread_rwlock_clockwrlock(p, CLOCK_MONOTONIC, &d);
}

static pthread_barrier_t bar;
static int serials;
static void *bar_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		if (compat_pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
	return 0;
}

static pthread_spinlock_t spin;
static long spins;
static void *spin_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		compat_pthread_spin_lock(&spin);
		spins++;
		compat_pthread_spin_unlock(&spin);
	}
	return 0;
}
static int try_spin(void *p) { return compat_pthread_spin_trylock(p); }

static void others(void)
{
	pthread_t t[4];
	compat_pthread_rwlock_init(&rw, 0);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], 0, rw_worker, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("rwlock@GLIBC_2.2.5 writes", rw_a + rw_b, 2 * 2 * 5000);
	EXPECT_EQ("rwlock@GLIBC_2.2.5 torn reads", rw_torn, 0);
	compat_pthread_rwlock_rdlock(&rw);
	EXPECT_ERR("rwlock_tryrdlock@GLIBC_2.2.5 by other thread", in_thread(try_rd, &rw), 0);
	EXPECT_ERR("rwlock_clockrdlock@GLIBC_2.30 by other thread", in_thread(clock_rd, &rw), 0);
	EXPECT_ERR("rwlock_trywrlock@GLIBC_2.2.5 by other thread", in_thread(try_wr, &rw), EBUSY);
	EXPECT_ERR("rwlock_clockwrlock@GLIBC_2.30 by other thread", in_thread(clock_wr, &rw), ETIMEDOUT);
	compat_pthread_rwlock_unlock(&rw);
	EXPECT_ERR("rwlock_destroy@GLIBC_2.2.5", compat_pthread_rwlock_destroy(&rw), 0);

	compat_pthread_barrier_init(&bar, 0, 3);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], 0, bar_worker, 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("barrier_wait@GLIBC_2.2.5 serial threads", serials, 100);
	EXPECT_ERR("barrier_destroy@GLIBC_2.2.5", compat_pthread_barrier_destroy(&bar), 0);

	compat_pthread_spin_init(&spin, 0);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], 0, spin_worker, 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("spin@GLIBC_2.2.5 count", spins, 40000);
	compat_pthread_spin_lock(&spin);
	EXPECT_ERR("spin_trylock@GLIBC_2.2.5 by other thread", in_thread(try_spin, (void *)&spin), EBUSY);
	compat_pthread_spin_unlock(&spin);
	EXPECT_ERR("spin_destroy@GLIBC_2.2.5", compat_pthread_spin_destroy(&spin), 0);
}

/* ------------------------------------------------- C11 @GLIBC_2.28 */

static mtx_t cm;
static cnd_t cc;
static int c_turn, c_moves;

static void c_side(int me)
{
	for (int i = 0; i < ROUNDS; i++) {
		compat_mtx_lock(&cm);
		while (c_turn != me)
			compat_cnd_wait(&cc, &cm);
		c_turn = !me;
		c_moves++;
		if (i % 2)
			compat_cnd_signal(&cc);
		else
			compat_cnd_broadcast(&cc);
		compat_mtx_unlock(&cm);
	}
}
static void *c_peer(void *arg)
{
	(void)arg;
	c_side(1);
	return 0;
}
static int c_try(void *p) { return compat_mtx_trylock(p); }
static int c_timed(void *p)
{
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	return compat_mtx_timedlock(p, &d);
}

static void c11(void)
{
	pthread_t t;
	EXPECT_EQ("mtx_init@GLIBC_2.28", compat_mtx_init(&cm, mtx_timed), thrd_success);
	EXPECT_EQ("cnd_init@GLIBC_2.28", compat_cnd_init(&cc), thrd_success);
	pthread_create(&t, 0, c_peer, 0);
	c_side(0);
	pthread_join(t, 0);
	EXPECT_EQ("cnd@GLIBC_2.28 ping-pong moves", c_moves, 2 * ROUNDS);
	struct timespec d = deadline_in(CLOCK_REALTIME, 20);
	compat_mtx_lock(&cm);
	EXPECT_EQ("cnd_timedwait@GLIBC_2.28", compat_cnd_timedwait(&cc, &cm, &d), thrd_timedout);
	EXPECT_EQ("mtx_trylock@GLIBC_2.28 by other thread", in_thread(c_try, &cm), thrd_busy);
	EXPECT_EQ("mtx_timedlock@GLIBC_2.28 by other thread", in_thread(c_timed, &cm), thrd_timedout);
	compat_mtx_unlock(&cm);
	EXPECT_EQ("mtx_timedlock@GLIBC_2.28 by other thread, free", in_thread(c_timed, &cm), thrd_success);
	compat_mtx_unlock(&cm);
	compat_cnd_destroy(&cc);
	compat_mtx_destroy(&cm);
}

/* ------------------------------------- every pair, resolved where? */

static void all_pairs(void)
{
	Dl_info want, got;
	void *plain = dlsym(RTLD_DEFAULT, "pthread_mutex_lock");
	if (!plain || !dladdr(plain, &want)) {
		EXPECT_EQ("plain lookup of pthread_mutex_lock found", 0, 1);
		return;
	}
	unsigned same = 0;
	for (unsigned i = 0; i < n_version_refs; i++) {
		const struct version_ref *r = &version_refs[i];
		if (r->fn && dladdr((void *)r->fn, &got) && got.dli_fbase == want.dli_fbase)
			same++;
		else
			fprintf(stderr, "%s@%s resolved to %s\n", r->name, r->version,
				r->fn && dladdr((void *)r->fn, &got) ? got.dli_fname : "(nothing)");
	}
	fprintf(stderr, "libc name@version pairs referenced: %u, resolved together: %u\n",
		n_version_refs, same);
	EXPECT_EQ("every libc name@version pair resolves where plain lookups do",
		  n_version_refs > 0 && same == n_version_refs, 1);
}

int main(void)
{
	watchdog(60);
	conds_and_mutexes();
	others();
	c11();
	all_pairs();
	return check_done();
}
