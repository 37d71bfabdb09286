/* Helpers shared by the unit tests (conformance/unit/).
 *
 * Every executable here is linked against libfxpthread ahead of libc, so
 * the pthread synchronization calls below bind to fxpthread; binding.c
 * proves it.  The scaffolding that coordinates test threads deliberately
 * uses what fxpthread does not provide (POSIX semaphores, C11 atomics,
 * pthread_create/join), so a broken primitive cannot hide its own failure
 * by breaking the harness that watches it.
 *
 * Rules the tests follow:
 *  - assertions run on the test's main thread only; worker threads record
 *    what they saw and the main thread checks it after joining them;
 *  - every wait for another thread is bounded (UNIT_PATIENCE_MS, then the
 *    suite's Criterion .timeout); no test asserts how long anything took,
 *    though some check that ETIMEDOUT did not come before its deadline on
 *    the deadline's clock, which POSIX requires;
 *  - results are compared exactly (return codes, counts, checksums).
 */
#ifndef FX_UNIT_H
#define FX_UNIT_H

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* How long a test waits for another thread before calling it stuck.  A
 * correct run never gets near it, even on a crowded machine. */
#define UNIT_PATIENCE_MS 10000

/* A deadline `ms` from now on `clock` (ms may be negative). */
static inline struct timespec ts_after(clockid_t clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	long long ns = (long long)t.tv_nsec + (long long)ms * 1000000LL;
	t.tv_sec += (time_t)(ns / 1000000000LL);
	ns %= 1000000000LL;
	if (ns < 0) {
		ns += 1000000000LL;
		t.tv_sec--;
	}
	t.tv_nsec = (long)ns;
	return t;
}

/* Nonzero once `clock` has reached the absolute time *d. */
static inline int ts_reached(clockid_t clock, const struct timespec *d)
{
	struct timespec now;
	clock_gettime(clock, &now);
	return now.tv_sec > d->tv_sec ||
	       (now.tv_sec == d->tv_sec && now.tv_nsec >= d->tv_nsec);
}

/* sem_wait, bounded by UNIT_PATIENCE_MS: 0, or ETIMEDOUT if nobody posted. */
static inline int sem_wait_patiently(sem_t *s)
{
	struct timespec d = ts_after(CLOCK_REALTIME, UNIT_PATIENCE_MS);
	while (sem_timedwait(s, &d) != 0)
		if (errno == ETIMEDOUT)
			return ETIMEDOUT;
	return 0;
}

/* pthread_join, bounded by UNIT_PATIENCE_MS: 0, or ETIMEDOUT if the
 * thread is stuck (it is then left behind; the test is failing anyway). */
static inline int join_patiently(pthread_t t, void **ret)
{
	struct timespec d = ts_after(CLOCK_REALTIME, UNIT_PATIENCE_MS);
	return pthread_timedjoin_np(t, ret, &d);
}

/* Yield until pred(arg) holds, bounded: 1 if it came true, 0 if not. */
static inline int eventually(int (*pred)(void *), void *arg)
{
	struct timespec d = ts_after(CLOCK_MONOTONIC, UNIT_PATIENCE_MS);
	while (!pred(arg)) {
		if (ts_reached(CLOCK_MONOTONIC, &d))
			return 0;
		sched_yield();
	}
	return 1;
}

/* The 32-bit word at the start of an object: the futex word of a mutex
 * or rwlock (docs/layout.md). */
static inline uint32_t word_at(const void *obj, size_t offset)
{
	return __atomic_load_n((const uint32_t *)((const char *)obj + offset),
			       __ATOMIC_SEQ_CST);
}

/* Nonzero while thread `tid` of this process sleeps in a futex wait on
 * `addr`.  /proc/self/task/TID/syscall names the system call a blocked
 * thread is in, then its arguments ("running" while it runs); a thread
 * shown there in FUTEX_WAIT is already queued in the kernel, so a wake
 * issued from now on reaches it. */
static inline int sleeping_on(pid_t tid, const void *addr)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int got = fgets(line, sizeof line, f) != 0;
	fclose(f);
	long nr;
	unsigned long a1;
	if (!got || sscanf(line, "%ld %lx", &nr, &a1) != 2)
		return 0;
	return nr == SYS_futex && a1 == (unsigned long)(uintptr_t)addr;
}

/* Wait (bounded) until every thread in tids[0..n) sleeps on addr. */
struct sleepers {
	const pid_t *tids;
	int n;
	const void *addr;
};

static inline int all_sleeping(void *p)
{
	struct sleepers *s = p;
	for (int i = 0; i < s->n; i++)
		if (!sleeping_on(s->tids[i], s->addr))
			return 0;
	return 1;
}

static inline int all_sleep_on(const pid_t *tids, int n, const void *addr)
{
	struct sleepers s = { tids, n, addr };
	return eventually(all_sleeping, &s);
}

/* ------------------------------------------------ one call in a thread */

typedef int (*unit_fn)(void *);

struct unit_call {
	unit_fn fn;
	void *arg;
	int rc;
};

static inline void *unit_call_main(void *p)
{
	struct unit_call *c = p;
	c->rc = c->fn(c->arg);
	return 0;
}

/* Run fn(arg) on a new thread and return its result. */
static inline int in_other_thread(unit_fn fn, void *arg)
{
	pthread_t t;
	struct unit_call c = { fn, arg, -1 };
	cr_assert_eq(pthread_create(&t, 0, unit_call_main, &c), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	return c.rc;
}

static inline int call_mutex_lock(void *m) { return pthread_mutex_lock(m); }
static inline int call_mutex_trylock(void *m) { return pthread_mutex_trylock(m); }
static inline int call_mutex_unlock(void *m) { return pthread_mutex_unlock(m); }
static inline int call_rdlock(void *rw) { return pthread_rwlock_rdlock(rw); }
static inline int call_wrlock(void *rw) { return pthread_rwlock_wrlock(rw); }
static inline int call_tryrdlock(void *rw) { return pthread_rwlock_tryrdlock(rw); }
static inline int call_trywrlock(void *rw) { return pthread_rwlock_trywrlock(rw); }
static inline int call_rw_unlock(void *rw) { return pthread_rwlock_unlock(rw); }
static inline int call_spin_lock(void *l) { return pthread_spin_lock(l); }
static inline int call_spin_trylock(void *l) { return pthread_spin_trylock(l); }
static inline int call_spin_unlock(void *l) { return pthread_spin_unlock(l); }

/* Trylock from another thread, then undo a success: the object's state
 * as another thread sees it, without changing it. */
static inline int call_mutex_probe(void *m)
{
	int rc = pthread_mutex_trylock(m);
	if (rc == 0)
		pthread_mutex_unlock(m);
	return rc;
}
/* EBUSY when another thread holds the mutex, 0 when it is free. */
static inline int mutex_probe_from_other_thread(pthread_mutex_t *m)
{
	return in_other_thread(call_mutex_probe, m);
}

/* ------------------------------------------------------------ a holder */

/* A thread that takes a lock, reports, and keeps it until told to let go
 * (or until `patience_ms` passed, so that a caller stuck beyond its own
 * deadline fails with a wrong result instead of hanging). */
struct holder {
	pthread_t thread;
	unit_fn lock, unlock;
	void *obj;
	long patience_ms;
	sem_t held, release;
	int lock_rc;
	int unlock_rc;
	pid_t tid;
};

static inline void *holder_main(void *p)
{
	struct holder *h = p;
	h->tid = gettid();
	h->lock_rc = h->lock(h->obj);
	sem_post(&h->held);
	struct timespec d = ts_after(CLOCK_REALTIME, h->patience_ms);
	while (sem_timedwait(&h->release, &d) != 0 && errno != ETIMEDOUT)
		;
	h->unlock_rc = h->lock_rc == 0 ? h->unlock(h->obj) : -1;
	return 0;
}

/* Start a holder and wait until it holds `obj`; asserts it got it. */
static inline void holder_start_patience(struct holder *h, unit_fn lock,
					 unit_fn unlock, void *obj,
					 long patience_ms)
{
	memset(h, 0, sizeof *h);
	h->lock = lock;
	h->unlock = unlock;
	h->obj = obj;
	h->patience_ms = patience_ms;
	h->unlock_rc = -1;
	sem_init(&h->held, 0, 0);
	sem_init(&h->release, 0, 0);
	cr_assert_eq(pthread_create(&h->thread, 0, holder_main, h), 0);
	cr_assert_eq(sem_wait_patiently(&h->held), 0, "holder never reported");
	cr_assert_eq(h->lock_rc, 0, "holder could not take the lock: %d",
		     h->lock_rc);
}

static inline void holder_start(struct holder *h, unit_fn lock,
				unit_fn unlock, void *obj)
{
	holder_start_patience(h, lock, unlock, obj, UNIT_PATIENCE_MS);
}

/* Let go, join, and return the holder's unlock result. */
static inline int holder_finish(struct holder *h)
{
	sem_post(&h->release);
	cr_assert_eq(pthread_join(h->thread, 0), 0);
	sem_destroy(&h->held);
	sem_destroy(&h->release);
	return h->unlock_rc;
}

/* ------------------------------------------------------------- mutexes */

#define NO_PROTOCOL (-1)

/* A mutex of the given type, robustness and protocol (NO_PROTOCOL: the
 * attribute is left at its default). */
static inline void mutex_make(pthread_mutex_t *m, int type, int robust,
			      int protocol)
{
	pthread_mutexattr_t a;
	cr_assert_eq(pthread_mutexattr_init(&a), 0);
	cr_assert_eq(pthread_mutexattr_settype(&a, type), 0);
	cr_assert_eq(pthread_mutexattr_setrobust(&a, robust ? PTHREAD_MUTEX_ROBUST
							    : PTHREAD_MUTEX_STALLED),
		     0);
	if (protocol != NO_PROTOCOL)
		cr_assert_eq(pthread_mutexattr_setprotocol(&a, protocol), 0);
	cr_assert_eq(pthread_mutex_init(m, &a), 0);
	cr_assert_eq(pthread_mutexattr_destroy(&a), 0);
}

/* Several threads increment one plain counter under `m`; each entry
 * checks that nobody else is inside.  `relock` also takes the mutex a
 * second time inside (recursive types).  Exact totals prove exclusion. */
struct exclusion {
	pthread_mutex_t *m;
	long iters;
	int relock;
	long counter;
	atomic_int inside;
	atomic_int overlaps;
	atomic_int errors;
};

static inline void *exclusion_worker(void *p)
{
	struct exclusion *x = p;
	for (long i = 0; i < x->iters; i++) {
		if (pthread_mutex_lock(x->m) != 0) {
			atomic_fetch_add(&x->errors, 1);
			continue;
		}
		if (x->relock && pthread_mutex_trylock(x->m) != 0)
			atomic_fetch_add(&x->errors, 1);
		if (atomic_fetch_add(&x->inside, 1) != 0)
			atomic_fetch_add(&x->overlaps, 1);
		long v = x->counter;
		__asm__ __volatile__("" ::: "memory");
		x->counter = v + 1;
		atomic_fetch_sub(&x->inside, 1);
		if (x->relock && pthread_mutex_unlock(x->m) != 0)
			atomic_fetch_add(&x->errors, 1);
		if (pthread_mutex_unlock(x->m) != 0)
			atomic_fetch_add(&x->errors, 1);
	}
	return 0;
}

static inline void check_mutex_excludes(pthread_mutex_t *m, int nthreads,
					long iters, int relock)
{
	struct exclusion x = { .m = m, .iters = iters, .relock = relock };
	pthread_t t[16];
	cr_assert(nthreads <= 16);
	for (int i = 0; i < nthreads; i++)
		cr_assert_eq(pthread_create(&t[i], 0, exclusion_worker, &x), 0);
	for (int i = 0; i < nthreads; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(atomic_load(&x.errors), 0, "lock/unlock failed %d times",
		     atomic_load(&x.errors));
	cr_assert_eq(atomic_load(&x.overlaps), 0,
		     "%d entries found another thread inside",
		     atomic_load(&x.overlaps));
	cr_assert_eq(x.counter, nthreads * iters, "counter %ld, expected %ld",
		     x.counter, nthreads * iters);
	cr_assert_eq(pthread_mutex_trylock(m), 0, "mutex left locked");
	cr_assert_eq(pthread_mutex_unlock(m), 0);
}

#endif
