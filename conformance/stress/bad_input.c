/* Invalid input to every exported entry point, and the answer required.
 *
 * One table (`rows` below) lists, for each of the 96 names libfxpthread
 * exports for glibc, the invalid inputs tried and the result required:
 * an error number (or thrd_* value), "blocks" where POSIX defines a
 * deadlock, or "undefined behaviour; caught by FXPTHREAD_CHECK" where
 * POSIX leaves the behaviour undefined and the misuse is harmful.  Where
 * POSIX says undefined but fxpthread gives a harmless defined answer
 * (re-initializing an attribute object, say), the table requires that
 * answer and says so in its note.  The table also records what glibc
 * 2.36 does with the same input.
 *
 *   bad_input              run every row that has a required result, each
 *                          in its own process; on fxpthread compare with
 *                          the required result, on glibc with the
 *                          recorded glibc result
 *   bad_input --check LIB  run the undefined-behaviour rows with the
 *                          diagnostics library LIB preloaded and
 *                          FXPTHREAD_CHECK=1: each must end in its report
 *                          and abort()
 *   bad_input --markdown   print docs/bad-input.md (the table, as text)
 *   bad_input --names      print the exported names the table covers
 *   bad_input --row N      run row N here and print its result
 *
 * Options: -j N rows at a time (8), -t MS time after which a row that is
 * expected to block counts as blocked (1000; other rows get 20 times as
 * long, 5 times under --check), -v print every row.
 *
 * docs/bad-input.md is this program's --markdown output; CTest fails if
 * the committed file differs (check-bad-input-doc.sh). */
#include <poll.h>
#include <threads.h>
#include "stress.h"

/* --------------------------------------------------------------- results */

#define R_UB (-1000)	  /* undefined behaviour; caught by FXPTHREAD_CHECK */
#define R_BLOCKS (-1001)  /* does not return */
#define R_RETURNS (-1002) /* a void function returned */
#define R_SKIP (-1003)	  /* precondition unavailable (privilege) */
#define R_NONE (-1004)	  /* no alternative result */
#define R_FIXTURE (-1005) /* the row's set-up failed */
#define R_LOST (-1006)	  /* a cond wait returned without the mutex held */
#define R_THRD(x) (-2000 - (x))
#define R_SIGNAL(s) (-3000 - (s))

static const char *errno_name(int e)
{
	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case EAGAIN: return "EAGAIN";
	case EPERM: return "EPERM";
	case EDEADLK: return "EDEADLK";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case ENOTSUP: return "ENOTSUP";
	case ENOMEM: return "ENOMEM";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	default: return 0;
	}
}

static const char *result_name(int r, char *buf, size_t n)
{
	switch (r) {
	case R_UB: return "undefined behaviour; caught by FXPTHREAD_CHECK";
	case R_BLOCKS: return "blocks";
	case R_RETURNS: return "returns";
	case R_SKIP: return "skipped (needs privilege)";
	case R_FIXTURE: return "set-up failed";
	case R_LOST: return "returned without the mutex";
	case PTHREAD_BARRIER_SERIAL_THREAD: return "PTHREAD_BARRIER_SERIAL_THREAD";
	case R_THRD(thrd_success): return "thrd_success";
	case R_THRD(thrd_busy): return "thrd_busy";
	case R_THRD(thrd_error): return "thrd_error";
	case R_THRD(thrd_nomem): return "thrd_nomem";
	case R_THRD(thrd_timedout): return "thrd_timedout";
	}
	if (r <= R_SIGNAL(1) && r > R_SIGNAL(65)) {
		int s = R_SIGNAL(0) - r;
		snprintf(buf, n, "crashes (SIG%s)", sigabbrev_np(s) ? sigabbrev_np(s) : "?");
		return buf;
	}
	const char *e = errno_name(r);
	if (e)
		return e;
	snprintf(buf, n, "%d", r);
	return buf;
}

static int thrd(int r)
{
	return R_THRD(r);
}

/* -------------------------------------------------------------- fixtures */

/* Objects of the row under test: each row runs in a fresh process. */
static pthread_mutex_t M, M2;
static pthread_cond_t C;
static pthread_rwlock_t RW;
static pthread_barrier_t B;
static pthread_spinlock_t S;
static mtx_t MTX;
static cnd_t CND;
static pthread_mutexattr_t MA;
static pthread_condattr_t CA;
static pthread_rwlockattr_t RA;
static pthread_barrierattr_t BA;

#define FIXTURE(call)                                                         \
	do {                                                                  \
		int fixture_r_ = (call);                                      \
		if (fixture_r_ != 0) {                                        \
			fprintf(stderr, "set-up: %s returned %d\n", #call,    \
				fixture_r_);                                  \
			return R_FIXTURE;                                     \
		}                                                             \
	} while (0)

/* Memory that was never initialized: a recognizable non-zero pattern. */
static void garbage(void *p, size_t n)
{
	memset(p, 0x5a, n);
}

enum mutex_kind {
	MK_NORMAL, MK_ERRORCHECK, MK_RECURSIVE, MK_ADAPTIVE, MK_ROBUST,
	MK_ROBUST_ERRORCHECK, MK_PI, MK_PI_ERRORCHECK, MK_PP
};

static int mutex_make(pthread_mutex_t *m, long kind)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	switch (kind) {
	case MK_ERRORCHECK:
	case MK_ROBUST_ERRORCHECK:
	case MK_PI_ERRORCHECK:
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
		break;
	case MK_RECURSIVE:
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
		break;
	case MK_ADAPTIVE:
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ADAPTIVE_NP);
		break;
	}
	if (kind == MK_ROBUST || kind == MK_ROBUST_ERRORCHECK)
		pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (kind == MK_PI || kind == MK_PI_ERRORCHECK)
		pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	if (kind == MK_PP) {
		pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT);
		pthread_mutexattr_setprioceiling(&a, sched_get_priority_min(SCHED_FIFO));
	}
	int r = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return r;
}

/* Another thread that holds (or waits on) an object for the row. */
enum hold_op {
	HOLD_MUTEX, HOLD_MUTEX_EXIT, HOLD_RD, HOLD_WR, HOLD_SPIN, HOLD_MTX,
	HOLD_MTX_EXIT, WAIT_COND, WAIT_CND11, WAIT_BARRIER, WAIT_WRLOCK
};

struct holder {
	enum hold_op op;
	void *obj, *obj2;
	int ready;
};

static void *holder_main(void *p)
{
	struct holder *h = p;
	switch (h->op) {
	case HOLD_MUTEX:
	case HOLD_MUTEX_EXIT:
		if (pthread_mutex_lock(h->obj) != 0)
			_exit(90);
		break;
	case HOLD_RD:
		if (pthread_rwlock_rdlock(h->obj) != 0)
			_exit(90);
		break;
	case HOLD_WR:
		if (pthread_rwlock_wrlock(h->obj) != 0)
			_exit(90);
		break;
	case HOLD_SPIN:
		if (pthread_spin_lock(h->obj) != 0)
			_exit(90);
		break;
	case HOLD_MTX:
	case HOLD_MTX_EXIT:
		if (mtx_lock(h->obj) != thrd_success)
			_exit(90);
		break;
	case WAIT_COND:
		pthread_mutex_lock(h->obj2);
		__atomic_store_n(&h->ready, 1, __ATOMIC_SEQ_CST);
		for (;;)
			pthread_cond_wait(h->obj, h->obj2);
	case WAIT_CND11:
		mtx_lock(h->obj2);
		__atomic_store_n(&h->ready, 1, __ATOMIC_SEQ_CST);
		for (;;)
			cnd_wait(h->obj, h->obj2);
	case WAIT_BARRIER:
		__atomic_store_n(&h->ready, 1, __ATOMIC_SEQ_CST);
		pthread_barrier_wait(h->obj);
		for (;;)
			pause();
	case WAIT_WRLOCK:
		__atomic_store_n(&h->ready, 1, __ATOMIC_SEQ_CST);
		pthread_rwlock_wrlock(h->obj);
		for (;;)
			pause();
	}
	__atomic_store_n(&h->ready, 1, __ATOMIC_SEQ_CST);
	if (h->op == HOLD_MUTEX_EXIT || h->op == HOLD_MTX_EXIT)
		return 0;
	for (;;)
		pause();
}

static void hold(enum hold_op op, void *obj, void *obj2)
{
	static struct holder h[4];
	static int n;
	struct holder *x = &h[n++ % 4];
	x->op = op;
	x->obj = obj;
	x->obj2 = obj2;
	x->ready = 0;
	pthread_t t;
	if (pthread_create(&t, 0, holder_main, x) != 0)
		_exit(91);
	while (!__atomic_load_n(&x->ready, __ATOMIC_SEQ_CST))
		sched_yield();
	if (op == HOLD_MUTEX_EXIT || op == HOLD_MTX_EXIT) {
		pthread_join(t, 0);
		return;
	}
	if (op == WAIT_COND) {
		/* The waiter gives the mutex up only inside its wait. */
		pthread_mutex_lock(obj2);
		pthread_mutex_unlock(obj2);
	} else if (op == WAIT_CND11) {
		mtx_lock(obj2);
		mtx_unlock(obj2);
	} else if (op == WAIT_BARRIER || op == WAIT_WRLOCK) {
		stress_sleep_us(50000);
	}
}

enum deadline { D_PAST, D_NEG, D_NSEC_NEG, D_NSEC_BIG, D_10MS };

static struct timespec deadline(long d, clockid_t clock)
{
	struct timespec t = ts_now(clock == CLOCK_MONOTONIC ? CLOCK_MONOTONIC
							    : CLOCK_REALTIME);
	switch (d) {
	case D_PAST: return ts_add_ns(t, -1000000000LL);
	case D_NEG: t.tv_sec = -1; t.tv_nsec = 0; return t;
	case D_NSEC_NEG: t.tv_sec += 1; t.tv_nsec = -1; return t;
	case D_NSEC_BIG: t.tv_sec += 1; t.tv_nsec = 1000000000; return t;
	default: return ts_add_ns(t, 10000000);
	}
}

/* ---------------------------------------- entry points glibc keeps only
 * under compatibility versions: referenced the way old binaries do. */

#define COMPAT(ret, name, version, params)                                    \
	extern ret compat_##name params;                                      \
	__asm__(".symver compat_" #name ", " #name "@" version)

COMPAT(int, __pthread_mutex_init, "GLIBC_2.2.5", (pthread_mutex_t *, const pthread_mutexattr_t *));
COMPAT(int, __pthread_mutex_destroy, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, __pthread_mutex_lock, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, __pthread_mutex_trylock, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, __pthread_mutex_unlock, "GLIBC_2.2.5", (pthread_mutex_t *));
COMPAT(int, __pthread_mutexattr_init, "GLIBC_2.2.5", (pthread_mutexattr_t *));
COMPAT(int, __pthread_mutexattr_destroy, "GLIBC_2.2.5", (pthread_mutexattr_t *));
COMPAT(int, __pthread_mutexattr_settype, "GLIBC_2.2.5", (pthread_mutexattr_t *, int));
COMPAT(int, __pthread_rwlock_init, "GLIBC_2.2.5", (pthread_rwlock_t *, const pthread_rwlockattr_t *));
COMPAT(int, __pthread_rwlock_destroy, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, __pthread_rwlock_rdlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, __pthread_rwlock_wrlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, __pthread_rwlock_tryrdlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, __pthread_rwlock_trywrlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, __pthread_rwlock_unlock, "GLIBC_2.2.5", (pthread_rwlock_t *));
COMPAT(int, pthread_mutex_consistent_np, "GLIBC_2.4", (pthread_mutex_t *));
COMPAT(int, pthread_mutexattr_getkind_np, "GLIBC_2.2.5", (const pthread_mutexattr_t *, int *));
COMPAT(int, pthread_mutexattr_setkind_np, "GLIBC_2.2.5", (pthread_mutexattr_t *, int));
COMPAT(int, pthread_mutexattr_getrobust_np, "GLIBC_2.4", (const pthread_mutexattr_t *, int *));
COMPAT(int, pthread_mutexattr_setrobust_np, "GLIBC_2.4", (pthread_mutexattr_t *, int));

/* ------------------------------------------------------- mutex entries */

enum mutex_fn {
	MF_LOCK, MF_TRYLOCK, MF_UNLOCK, MF_DESTROY, MF_TIMEDLOCK, MF_CLOCKLOCK,
	MF_CONSISTENT, MF_CONSISTENT_NP, MF_GETPRIO, MF_SETPRIO,
	MF_ALIAS_LOCK, MF_ALIAS_TRYLOCK, MF_ALIAS_UNLOCK, MF_ALIAS_DESTROY,
	MF_MTX_LOCK, MF_MTX_TRYLOCK, MF_MTX_UNLOCK, MF_MTX_TIMEDLOCK,
};

/* One call; timed ones get a deadline 10 ms ahead. */
static int mutex_call(long fn, pthread_mutex_t *m)
{
	struct timespec d = ts_after_ns(CLOCK_REALTIME, 10000000);
	int ceiling;
	switch (fn) {
	case MF_LOCK: return pthread_mutex_lock(m);
	case MF_TRYLOCK: return pthread_mutex_trylock(m);
	case MF_UNLOCK: return pthread_mutex_unlock(m);
	case MF_DESTROY: return pthread_mutex_destroy(m);
	case MF_TIMEDLOCK: return pthread_mutex_timedlock(m, &d);
	case MF_CLOCKLOCK: return pthread_mutex_clocklock(m, CLOCK_REALTIME, &d);
	case MF_CONSISTENT: return pthread_mutex_consistent(m);
	case MF_CONSISTENT_NP: return compat_pthread_mutex_consistent_np(m);
	case MF_GETPRIO: return pthread_mutex_getprioceiling(m, &ceiling);
	case MF_SETPRIO: return pthread_mutex_setprioceiling(m, 1, &ceiling);
	case MF_ALIAS_LOCK: return compat___pthread_mutex_lock(m);
	case MF_ALIAS_TRYLOCK: return compat___pthread_mutex_trylock(m);
	case MF_ALIAS_UNLOCK: return compat___pthread_mutex_unlock(m);
	case MF_ALIAS_DESTROY: return compat___pthread_mutex_destroy(m);
	case MF_MTX_LOCK: return thrd(mtx_lock((mtx_t *)m));
	case MF_MTX_TRYLOCK: return thrd(mtx_trylock((mtx_t *)m));
	case MF_MTX_UNLOCK: return thrd(mtx_unlock((mtx_t *)m));
	default: return thrd(mtx_timedlock((mtx_t *)m, &d));
	}
}

/* a: function, b: mutex kind */
static int mutex_uninitialized(long fn, long kind, long c)
{
	garbage(&M, sizeof M);
	return mutex_call(fn, &M);
}

static int mutex_destroyed(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	FIXTURE(pthread_mutex_destroy(&M));
	return mutex_call(fn, &M);
}

static int mutex_relocked(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	FIXTURE(pthread_mutex_lock(&M));
	return mutex_call(fn, &M);
}

static int mutex_unlocked(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	return mutex_call(fn, &M);
}

static int mutex_held_by_other(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	hold(HOLD_MUTEX, &M, 0);
	return mutex_call(fn, &M);
}

/* Robust mutex whose owner thread exited holding it. */
static int mutex_owner_died(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	hold(HOLD_MUTEX_EXIT, &M, 0);
	return mutex_call(fn, &M);
}

/* ...and the next owner unlocked it without pthread_mutex_consistent. */
static int mutex_not_recoverable(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	hold(HOLD_MUTEX_EXIT, &M, 0);
	if (pthread_mutex_lock(&M) != EOWNERDEAD)
		return R_FIXTURE;
	FIXTURE(pthread_mutex_unlock(&M));
	return mutex_call(fn, &M);
}

/* Robust mutex made inconsistent by another thread that still holds it. */
static int inconsistent_taken;

static void *take_inconsistent(void *p)
{
	if (pthread_mutex_lock(p) != EOWNERDEAD)
		_exit(92);
	__atomic_store_n(&inconsistent_taken, 1, __ATOMIC_SEQ_CST);
	for (;;)
		pause();
}

static int mutex_inconsistent_other(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	hold(HOLD_MUTEX_EXIT, &M, 0);
	pthread_t t;
	pthread_create(&t, 0, take_inconsistent, &M);
	while (!__atomic_load_n(&inconsistent_taken, __ATOMIC_SEQ_CST))
		sched_yield();
	return mutex_call(fn, &M);
}

static int mutex_init_call(long alias, pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	return alias ? compat___pthread_mutex_init(m, a) : pthread_mutex_init(m, a);
}

static int mutex_init_garbage_attr(long alias, long b, long c)
{
	pthread_mutexattr_t a;
	garbage(&a, sizeof a);
	return mutex_init_call(alias, &M, &a);
}

static int mutex_init_while_locked(long alias, long b, long c)
{
	FIXTURE(pthread_mutex_init(&M, 0));
	hold(HOLD_MUTEX, &M, 0);
	return mutex_init_call(alias, &M, 0);
}

/* a: 0 timedlock, 1 clocklock(REALTIME), 2 clocklock(MONOTONIC),
 *    3 mtx_timedlock; b: mutex kind; c: deadline | contended << 8 */
static int mutex_timed(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	if (c >> 8)
		hold(HOLD_MUTEX, &M, 0);
	clockid_t clock = fn == 2 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	struct timespec d = deadline(c & 0xff, clock);
	switch (fn) {
	case 0: return pthread_mutex_timedlock(&M, &d);
	case 1:
	case 2: return pthread_mutex_clocklock(&M, clock, &d);
	default: return thrd(mtx_timedlock((mtx_t *)&M, &d));
	}
}

/* clocklock with an unsupported clock; b: contended */
static int mutex_bad_clock(long clock, long contended, long c)
{
	FIXTURE(pthread_mutex_init(&M, 0));
	if (contended)
		hold(HOLD_MUTEX, &M, 0);
	struct timespec d = ts_after_ns(CLOCK_MONOTONIC, 10000000);
	return pthread_mutex_clocklock(&M, (clockid_t)clock, &d);
}

/* A recursive mutex whose depth counter is at its maximum.  The counter
 * sits at byte offset 4 in glibc's layout and in fxpthread's (docs/
 * layout.md); it counts from 1 in glibc and from 0 in fxpthread, so
 * UINT32_MAX is the maximum in both. */
static int mutex_recursion_overflow(long fn, long b, long c)
{
	FIXTURE(mutex_make(&M, MK_RECURSIVE));
	FIXTURE(pthread_mutex_lock(&M));
	__atomic_store_n((uint32_t *)((char *)&M + 4), UINT32_MAX, __ATOMIC_SEQ_CST);
	return mutex_call(fn, &M);
}

/* Caller runs above the ceiling of a PRIO_PROTECT mutex. */
static int mutex_above_ceiling(long fn, long b, long c)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT);
	pthread_mutexattr_setprioceiling(&a, sched_get_priority_min(SCHED_FIFO));
	FIXTURE(pthread_mutex_init(&M, &a));
	struct sched_param sp = { .sched_priority = sched_get_priority_min(SCHED_FIFO) + 1 };
	if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) != 0)
		return R_SKIP;
	return mutex_call(fn, &M);
}

static int mutex_setprio_range(long ceiling, long b, long c)
{
	FIXTURE(mutex_make(&M, MK_PP));
	int old;
	return pthread_mutex_setprioceiling(&M, (int)ceiling, &old);
}

/* -------------------------------------------------- mutexattr entries */

enum mattr_fn {
	MA_SETTYPE, MA_SETTYPE_ALIAS, MA_SETKIND_NP, MA_SETPSHARED, MA_SETROBUST,
	MA_SETROBUST_NP, MA_SETPROTOCOL, MA_SETPRIOCEILING,
	MA_GETTYPE, MA_GETKIND_NP, MA_GETPSHARED, MA_GETROBUST, MA_GETROBUST_NP,
	MA_GETPROTOCOL, MA_GETPRIOCEILING, MA_INIT, MA_INIT_ALIAS, MA_DESTROY,
	MA_DESTROY_ALIAS,
};

static int mattr_call(long fn, pthread_mutexattr_t *a, int v)
{
	int out;
	switch (fn) {
	case MA_SETTYPE: return pthread_mutexattr_settype(a, v);
	case MA_SETTYPE_ALIAS: return compat___pthread_mutexattr_settype(a, v);
	case MA_SETKIND_NP: return compat_pthread_mutexattr_setkind_np(a, v);
	case MA_SETPSHARED: return pthread_mutexattr_setpshared(a, v);
	case MA_SETROBUST: return pthread_mutexattr_setrobust(a, v);
	case MA_SETROBUST_NP: return compat_pthread_mutexattr_setrobust_np(a, v);
	case MA_SETPROTOCOL: return pthread_mutexattr_setprotocol(a, v);
	case MA_SETPRIOCEILING: return pthread_mutexattr_setprioceiling(a, v);
	case MA_GETTYPE: return pthread_mutexattr_gettype(a, &out);
	case MA_GETKIND_NP: return compat_pthread_mutexattr_getkind_np(a, &out);
	case MA_GETPSHARED: return pthread_mutexattr_getpshared(a, &out);
	case MA_GETROBUST: return pthread_mutexattr_getrobust(a, &out);
	case MA_GETROBUST_NP: return compat_pthread_mutexattr_getrobust_np(a, &out);
	case MA_GETPROTOCOL: return pthread_mutexattr_getprotocol(a, &out);
	case MA_GETPRIOCEILING: return pthread_mutexattr_getprioceiling(a, &out);
	case MA_INIT: return pthread_mutexattr_init(a);
	case MA_INIT_ALIAS: return compat___pthread_mutexattr_init(a);
	case MA_DESTROY: return pthread_mutexattr_destroy(a);
	default: return compat___pthread_mutexattr_destroy(a);
	}
}

static int mattr_value(long fn, long v, long c)
{
	FIXTURE(pthread_mutexattr_init(&MA));
	return mattr_call(fn, &MA, (int)v);
}

static int mattr_uninitialized(long fn, long v, long c)
{
	memset(&MA, 0xff, sizeof MA);
	return mattr_call(fn, &MA, (int)v);
}

static int mattr_twice(long fn, long v, long c)
{
	FIXTURE(pthread_mutexattr_init(&MA));
	if (fn == MA_DESTROY || fn == MA_DESTROY_ALIAS)
		FIXTURE(pthread_mutexattr_destroy(&MA));
	return mattr_call(fn, &MA, 0);
}

/* -------------------------------------------------------- cond entries */

enum cond_fn {
	CF_WAIT, CF_TIMEDWAIT, CF_CLOCKWAIT, CF_SIGNAL, CF_BROADCAST, CF_DESTROY,
	CF_INIT, CF_CND_WAIT, CF_CND_TIMEDWAIT, CF_CND_SIGNAL, CF_CND_BROADCAST,
	CF_CND_DESTROY, CF_CND_INIT,
};

static int cond_call(long fn, pthread_cond_t *c, pthread_mutex_t *m)
{
	struct timespec d = ts_after_ns(CLOCK_REALTIME, 10000000);
	switch (fn) {
	case CF_WAIT: return pthread_cond_wait(c, m);
	case CF_TIMEDWAIT: return pthread_cond_timedwait(c, m, &d);
	case CF_CLOCKWAIT: return pthread_cond_clockwait(c, m, CLOCK_REALTIME, &d);
	case CF_SIGNAL: return pthread_cond_signal(c);
	case CF_BROADCAST: return pthread_cond_broadcast(c);
	case CF_DESTROY: return pthread_cond_destroy(c);
	case CF_INIT: return pthread_cond_init(c, 0);
	case CF_CND_WAIT: return thrd(cnd_wait((cnd_t *)c, (mtx_t *)m));
	case CF_CND_TIMEDWAIT: return thrd(cnd_timedwait((cnd_t *)c, (mtx_t *)m, &d));
	case CF_CND_SIGNAL: return thrd(cnd_signal((cnd_t *)c));
	case CF_CND_BROADCAST: return thrd(cnd_broadcast((cnd_t *)c));
	case CF_CND_DESTROY: cnd_destroy((cnd_t *)c); return R_RETURNS;
	default: return thrd(cnd_init((cnd_t *)c));
	}
}

static int cond_uninitialized(long fn, long b, long c)
{
	FIXTURE(pthread_mutex_init(&M, 0));
	garbage(&C, sizeof C);
	FIXTURE(pthread_mutex_lock(&M));
	return cond_call(fn, &C, &M);
}

static int cond_destroyed(long fn, long b, long c)
{
	FIXTURE(pthread_mutex_init(&M, 0));
	FIXTURE(pthread_cond_init(&C, 0));
	FIXTURE(pthread_cond_destroy(&C));
	FIXTURE(pthread_mutex_lock(&M));
	return cond_call(fn, &C, &M);
}

/* A thread is blocked on the condvar (with M2). */
static int cond_with_waiter(long fn, long c11, long c)
{
	FIXTURE(pthread_mutex_init(&M2, 0));
	FIXTURE(pthread_mutex_init(&M, 0));
	FIXTURE(pthread_cond_init(&C, 0));
	hold(c11 ? WAIT_CND11 : WAIT_COND, &C, &M2);
	FIXTURE(pthread_mutex_lock(&M));
	return cond_call(fn, &C, c11 ? &M2 : &M);
}

static int cond_init_garbage_attr(long fn, long b, long c)
{
	pthread_condattr_t a;
	garbage(&a, sizeof a);
	return pthread_cond_init(&C, &a);
}

/* Wait with a mutex the caller does not hold; b: mutex kind. */
static int cond_mutex_not_held(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	FIXTURE(pthread_cond_init(&C, 0));
	return cond_call(fn, &C, &M);
}

static int cond_mutex_held_by_other(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	FIXTURE(pthread_cond_init(&C, 0));
	hold(HOLD_MUTEX, &M, 0);
	return cond_call(fn, &C, &M);
}

static int cond_mutex_destroyed(long fn, long kind, long c)
{
	FIXTURE(mutex_make(&M, kind));
	FIXTURE(pthread_mutex_destroy(&M));
	FIXTURE(pthread_cond_init(&C, 0));
	return cond_call(fn, &C, &M);
}

/* After a timed wait that failed, the caller must hold the mutex still
 * (errorcheck: unlocking answers 0 exactly then). */
static int cond_result_with_mutex(int r)
{
	return pthread_mutex_unlock(&M) == 0 ? r : R_LOST;
}

/* a: 0 timedwait, 1 clockwait(REALTIME), 2 clockwait(MONOTONIC),
 *    3 cnd_timedwait; b: deadline */
static int cond_timed(long fn, long dl, long c)
{
	FIXTURE(mutex_make(&M, fn == 3 ? MK_NORMAL : MK_ERRORCHECK));
	FIXTURE(pthread_cond_init(&C, 0));
	FIXTURE(pthread_mutex_lock(&M));
	clockid_t clock = fn == 2 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	struct timespec d = deadline(dl, clock);
	switch (fn) {
	case 0: return cond_result_with_mutex(pthread_cond_timedwait(&C, &M, &d));
	case 1:
	case 2: return cond_result_with_mutex(pthread_cond_clockwait(&C, &M, clock, &d));
	default: {
		int r = thrd(cnd_timedwait((cnd_t *)&C, (mtx_t *)&M, &d));
		return pthread_mutex_trylock(&M) == EBUSY ? r : R_LOST;
	}
	}
}

static int cond_bad_clock(long clock, long b, long c)
{
	FIXTURE(mutex_make(&M, MK_ERRORCHECK));
	FIXTURE(pthread_cond_init(&C, 0));
	FIXTURE(pthread_mutex_lock(&M));
	struct timespec d = ts_after_ns(CLOCK_MONOTONIC, 10000000);
	return cond_result_with_mutex(pthread_cond_clockwait(&C, &M, (clockid_t)clock, &d));
}

/* A second waiter brings a different mutex while one waits with M2. */
static int cond_two_mutexes(long fn, long b, long c)
{
	FIXTURE(pthread_mutex_init(&M2, 0));
	FIXTURE(pthread_mutex_init(&M, 0));
	FIXTURE(pthread_cond_init(&C, 0));
	hold(WAIT_COND, &C, &M2);
	FIXTURE(pthread_mutex_lock(&M));
	return cond_call(fn, &C, &M);
}

/* ---------------------------------------------------- condattr entries */

enum cattr_fn { CA_SETPSHARED, CA_SETCLOCK, CA_GETPSHARED, CA_GETCLOCK, CA_INIT, CA_DESTROY };

static int cattr_call(long fn, pthread_condattr_t *a, long v)
{
	int out;
	clockid_t clk;
	switch (fn) {
	case CA_SETPSHARED: return pthread_condattr_setpshared(a, (int)v);
	case CA_SETCLOCK: return pthread_condattr_setclock(a, (clockid_t)v);
	case CA_GETPSHARED: return pthread_condattr_getpshared(a, &out);
	case CA_GETCLOCK: return pthread_condattr_getclock(a, &clk);
	case CA_INIT: return pthread_condattr_init(a);
	default: return pthread_condattr_destroy(a);
	}
}

static int cattr_value(long fn, long v, long c)
{
	FIXTURE(pthread_condattr_init(&CA));
	return cattr_call(fn, &CA, v);
}

static int cattr_uninitialized(long fn, long v, long c)
{
	memset(&CA, 0xff, sizeof CA);
	return cattr_call(fn, &CA, v);
}

static int cattr_twice(long fn, long v, long c)
{
	FIXTURE(pthread_condattr_init(&CA));
	if (fn == CA_DESTROY)
		FIXTURE(pthread_condattr_destroy(&CA));
	return cattr_call(fn, &CA, 0);
}

/* ------------------------------------------------------ rwlock entries */

enum rw_fn {
	RF_RDLOCK, RF_WRLOCK, RF_TRYRDLOCK, RF_TRYWRLOCK, RF_TIMEDRDLOCK,
	RF_TIMEDWRLOCK, RF_CLOCKRDLOCK, RF_CLOCKWRLOCK, RF_UNLOCK, RF_DESTROY,
	RF_INIT, RF_A_RDLOCK, RF_A_WRLOCK, RF_A_TRYRDLOCK, RF_A_TRYWRLOCK,
	RF_A_UNLOCK, RF_A_DESTROY, RF_A_INIT,
};

static int rw_call(long fn, pthread_rwlock_t *rw)
{
	struct timespec d = ts_after_ns(CLOCK_REALTIME, 10000000);
	switch (fn) {
	case RF_RDLOCK: return pthread_rwlock_rdlock(rw);
	case RF_WRLOCK: return pthread_rwlock_wrlock(rw);
	case RF_TRYRDLOCK: return pthread_rwlock_tryrdlock(rw);
	case RF_TRYWRLOCK: return pthread_rwlock_trywrlock(rw);
	case RF_TIMEDRDLOCK: return pthread_rwlock_timedrdlock(rw, &d);
	case RF_TIMEDWRLOCK: return pthread_rwlock_timedwrlock(rw, &d);
	case RF_CLOCKRDLOCK: return pthread_rwlock_clockrdlock(rw, CLOCK_REALTIME, &d);
	case RF_CLOCKWRLOCK: return pthread_rwlock_clockwrlock(rw, CLOCK_REALTIME, &d);
	case RF_UNLOCK: return pthread_rwlock_unlock(rw);
	case RF_DESTROY: return pthread_rwlock_destroy(rw);
	case RF_INIT: return pthread_rwlock_init(rw, 0);
	case RF_A_RDLOCK: return compat___pthread_rwlock_rdlock(rw);
	case RF_A_WRLOCK: return compat___pthread_rwlock_wrlock(rw);
	case RF_A_TRYRDLOCK: return compat___pthread_rwlock_tryrdlock(rw);
	case RF_A_TRYWRLOCK: return compat___pthread_rwlock_trywrlock(rw);
	case RF_A_UNLOCK: return compat___pthread_rwlock_unlock(rw);
	case RF_A_DESTROY: return compat___pthread_rwlock_destroy(rw);
	default: return compat___pthread_rwlock_init(rw, 0);
	}
}

static int rw_uninitialized(long fn, long b, long c)
{
	garbage(&RW, sizeof RW);
	return rw_call(fn, &RW);
}

static int rw_destroyed(long fn, long b, long c)
{
	FIXTURE(pthread_rwlock_init(&RW, 0));
	FIXTURE(pthread_rwlock_destroy(&RW));
	return rw_call(fn, &RW);
}

/* b: 0 free, 1 caller holds read, 2 caller holds write, 3 another thread
 * holds read, 4 another thread holds write, 5 caller holds read and a
 * writer waits (PREFER_WRITER_NONRECURSIVE) */
static int rw_state(long fn, long state, long c)
{
	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	if (state == 5)
		pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	FIXTURE(pthread_rwlock_init(&RW, &a));
	switch (state) {
	case 1: FIXTURE(pthread_rwlock_rdlock(&RW)); break;
	case 2: FIXTURE(pthread_rwlock_wrlock(&RW)); break;
	case 3: hold(HOLD_RD, &RW, 0); break;
	case 4: hold(HOLD_WR, &RW, 0); break;
	case 5:
		FIXTURE(pthread_rwlock_rdlock(&RW));
		hold(WAIT_WRLOCK, &RW, 0);
		break;
	}
	return rw_call(fn, &RW);
}

static int rw_init_garbage_attr(long alias, long b, long c)
{
	pthread_rwlockattr_t a;
	garbage(&a, sizeof a);
	return alias ? compat___pthread_rwlock_init(&RW, &a) : pthread_rwlock_init(&RW, &a);
}

/* a: 0 timedrdlock 1 timedwrlock 2 clockrdlock(MONO) 3 clockwrlock(MONO);
 * b: deadline; c: 1 write-locked by another thread */
static int rw_timed(long fn, long dl, long contended)
{
	FIXTURE(pthread_rwlock_init(&RW, 0));
	if (contended)
		hold(HOLD_WR, &RW, 0);
	clockid_t clock = fn >= 2 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	struct timespec d = deadline(dl, clock);
	switch (fn) {
	case 0: return pthread_rwlock_timedrdlock(&RW, &d);
	case 1: return pthread_rwlock_timedwrlock(&RW, &d);
	case 2: return pthread_rwlock_clockrdlock(&RW, clock, &d);
	default: return pthread_rwlock_clockwrlock(&RW, clock, &d);
	}
}

static int rw_bad_clock(long fn, long clock, long c)
{
	FIXTURE(pthread_rwlock_init(&RW, 0));
	struct timespec d = ts_after_ns(CLOCK_MONOTONIC, 10000000);
	return fn ? pthread_rwlock_clockwrlock(&RW, (clockid_t)clock, &d)
		  : pthread_rwlock_clockrdlock(&RW, (clockid_t)clock, &d);
}

/* -------------------------------------------------- rwlockattr entries */

enum rattr_fn { RA_SETKIND, RA_SETPSHARED, RA_GETKIND, RA_GETPSHARED, RA_INIT, RA_DESTROY };

static int rattr_call(long fn, pthread_rwlockattr_t *a, long v)
{
	int out;
	switch (fn) {
	case RA_SETKIND: return pthread_rwlockattr_setkind_np(a, (int)v);
	case RA_SETPSHARED: return pthread_rwlockattr_setpshared(a, (int)v);
	case RA_GETKIND: return pthread_rwlockattr_getkind_np(a, &out);
	case RA_GETPSHARED: return pthread_rwlockattr_getpshared(a, &out);
	case RA_INIT: return pthread_rwlockattr_init(a);
	default: return pthread_rwlockattr_destroy(a);
	}
}

static int rattr_value(long fn, long v, long c)
{
	FIXTURE(pthread_rwlockattr_init(&RA));
	return rattr_call(fn, &RA, v);
}

static int rattr_uninitialized(long fn, long v, long c)
{
	memset(&RA, 0xff, sizeof RA);
	return rattr_call(fn, &RA, v);
}

static int rattr_twice(long fn, long v, long c)
{
	FIXTURE(pthread_rwlockattr_init(&RA));
	if (fn == RA_DESTROY)
		FIXTURE(pthread_rwlockattr_destroy(&RA));
	return rattr_call(fn, &RA, 0);
}

/* ----------------------------------------------------- barrier entries */

static int barrier_count(long count, long b, long c)
{
	return pthread_barrier_init(&B, 0, (unsigned)count);
}

static int barrier_init_garbage_attr(long a, long b, long c)
{
	pthread_barrierattr_t at;
	garbage(&at, sizeof at);
	return pthread_barrier_init(&B, &at, 2);
}

/* a: 0 destroy, 1 wait; b: 0 one thread waiting (count 2), 1 destroyed,
 * 2 uninitialized, 3 init while a thread waits */
static int barrier_state(long fn, long state, long c)
{
	if (state == 2) {
		garbage(&B, sizeof B);
	} else {
		FIXTURE(pthread_barrier_init(&B, 0, 2));
		if (state == 0 || state == 3)
			hold(WAIT_BARRIER, &B, 0);
		else
			FIXTURE(pthread_barrier_destroy(&B));
	}
	if (state == 3)
		return pthread_barrier_init(&B, 0, 2);
	return fn ? pthread_barrier_wait(&B) : pthread_barrier_destroy(&B);
}

enum battr_fn { BA_SETPSHARED, BA_GETPSHARED, BA_INIT, BA_DESTROY };

static int battr_call(long fn, pthread_barrierattr_t *a, long v)
{
	int out;
	switch (fn) {
	case BA_SETPSHARED: return pthread_barrierattr_setpshared(a, (int)v);
	case BA_GETPSHARED: return pthread_barrierattr_getpshared(a, &out);
	case BA_INIT: return pthread_barrierattr_init(a);
	default: return pthread_barrierattr_destroy(a);
	}
}

static int battr_value(long fn, long v, long c)
{
	FIXTURE(pthread_barrierattr_init(&BA));
	return battr_call(fn, &BA, v);
}

static int battr_uninitialized(long fn, long v, long c)
{
	memset(&BA, 0xff, sizeof BA);
	return battr_call(fn, &BA, v);
}

static int battr_twice(long fn, long v, long c)
{
	FIXTURE(pthread_barrierattr_init(&BA));
	if (fn == BA_DESTROY)
		FIXTURE(pthread_barrierattr_destroy(&BA));
	return battr_call(fn, &BA, 0);
}

/* -------------------------------------------------------- spin entries */

enum spin_fn { SF_LOCK, SF_TRYLOCK, SF_UNLOCK, SF_DESTROY, SF_INIT };

static int spin_call(long fn)
{
	switch (fn) {
	case SF_LOCK: return pthread_spin_lock(&S);
	case SF_TRYLOCK: return pthread_spin_trylock(&S);
	case SF_UNLOCK: return pthread_spin_unlock(&S);
	case SF_DESTROY: return pthread_spin_destroy(&S);
	default: return pthread_spin_init(&S, PTHREAD_PROCESS_PRIVATE);
	}
}

/* b: 0 free, 1 held by the caller, 2 held by another thread,
 * 3 uninitialized */
static int spin_state(long fn, long state, long c)
{
	if (state == 3)
		garbage((void *)&S, sizeof S);
	else
		FIXTURE(pthread_spin_init(&S, PTHREAD_PROCESS_PRIVATE));
	if (state == 1)
		FIXTURE(pthread_spin_lock(&S));
	if (state == 2)
		hold(HOLD_SPIN, (void *)&S, 0);
	return spin_call(fn);
}

static int spin_init_pshared(long v, long b, long c)
{
	return pthread_spin_init(&S, (int)v);
}

/* --------------------------------------------------------- C11 entries */

static int mtx_init_type(long type, long b, long c)
{
	return thrd(mtx_init(&MTX, (int)type));
}

/* a: mutex function (MF_MTX_*); b: mtx type; c: state as rw_state's
 * 0 free, 1 held by caller, 2 held by another thread, 3 destroyed,
 * 4 uninitialized */
static int mtx_state(long fn, long type, long state)
{
	if (state == 4)
		garbage(&MTX, sizeof MTX);
	else if (mtx_init(&MTX, (int)type) != thrd_success)
		return R_FIXTURE;
	switch (state) {
	case 1: if (mtx_lock(&MTX) != thrd_success) return R_FIXTURE; break;
	case 2: hold(HOLD_MTX, &MTX, 0); break;
	case 3: mtx_destroy(&MTX); break;
	}
	if (fn == MF_DESTROY) {
		mtx_destroy(&MTX);
		return R_RETURNS;
	}
	return mutex_call(fn, (pthread_mutex_t *)&MTX);
}

/* cnd_wait / cnd_timedwait with a mutex the caller does not hold. */
static int cnd_mutex_not_held(long fn, long type, long c)
{
	if (mtx_init(&MTX, (int)type) != thrd_success || cnd_init(&CND) != thrd_success)
		return R_FIXTURE;
	return cond_call(fn, (pthread_cond_t *)&CND, (pthread_mutex_t *)&MTX);
}

/* --------------------------------------------------------------- table */

struct row {
	const char *fn;	   /* the exported name */
	const char *input; /* the invalid input */
	int want, alt;	   /* required result(s) */
	int glibc;	   /* glibc 2.36's result */
	int (*run)(long, long, long);
	long a, b, c;
	const char *note;
};

#define CONTENDED (1 << 8)
#define ROW(fn, input, want, alt, glibc, run, a, b, c, note)                  \
	{ fn, input, want, alt, glibc, run, a, b, c, note }

/* Recurring notes */
#define N_UNDEF "POSIX: undefined"
#define N_HARMLESS "POSIX: undefined; a plain word here, so harmless"
#define N_MAY "POSIX: may fail"
#define N_DEADLOCK "POSIX: deadlock"
#define N_DETECT "POSIX: the deadlock may be detected; fxpthread does"
#define N_NOCHECK "POSIX lets a free lock skip the check"
#define N_WHITEBOX "depth field set directly"

static const struct row rows[] = {
	/* ------------------------------------------------------- mutex */
	ROW("pthread_mutex_init", "attribute object never initialized", R_UB, R_NONE, 0, mutex_init_garbage_attr, 0, 0, 0, N_UNDEF),
	ROW("pthread_mutex_init", "mutex locked by another thread", R_UB, R_NONE, 0, mutex_init_while_locked, 0, 0, 0, N_UNDEF),
	ROW("__pthread_mutex_init", "attribute object never initialized", R_UB, R_NONE, 0, mutex_init_garbage_attr, 1, 0, 0, N_UNDEF),
	ROW("__pthread_mutex_init", "mutex locked by another thread", R_UB, R_NONE, 0, mutex_init_while_locked, 1, 0, 0, N_UNDEF),

	ROW("pthread_mutex_destroy", "locked by the caller", EBUSY, R_NONE, EBUSY, mutex_relocked, MF_DESTROY, MK_NORMAL, 0, N_MAY),
	ROW("pthread_mutex_destroy", "robust, locked by another thread", EBUSY, R_NONE, 0, mutex_held_by_other, MF_DESTROY, MK_ROBUST, 0, N_MAY),
	ROW("pthread_mutex_destroy", "already destroyed", R_UB, R_NONE, 0, mutex_destroyed, MF_DESTROY, MK_NORMAL, 0, N_UNDEF),
	ROW("pthread_mutex_destroy", "never initialized", R_UB, R_NONE, 0, mutex_uninitialized, MF_DESTROY, 0, 0, N_UNDEF),
	ROW("__pthread_mutex_destroy", "locked by the caller", EBUSY, R_NONE, EBUSY, mutex_relocked, MF_ALIAS_DESTROY, MK_ERRORCHECK, 0, N_MAY),
	ROW("__pthread_mutex_destroy", "already destroyed", R_UB, R_NONE, 0, mutex_destroyed, MF_ALIAS_DESTROY, MK_NORMAL, 0, N_UNDEF),

	ROW("pthread_mutex_lock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_LOCK, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_lock", "destroyed errorcheck mutex", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_LOCK, MK_ERRORCHECK, 0, 0),
	ROW("pthread_mutex_lock", "never initialized", R_UB, R_NONE, EINVAL, mutex_uninitialized, MF_LOCK, 0, 0, N_UNDEF),
	ROW("pthread_mutex_lock", "normal, relocked by its owner", R_BLOCKS, R_NONE, R_BLOCKS, mutex_relocked, MF_LOCK, MK_NORMAL, 0, N_DEADLOCK),
	ROW("pthread_mutex_lock", "errorcheck, relocked by its owner", EDEADLK, R_NONE, EDEADLK, mutex_relocked, MF_LOCK, MK_ERRORCHECK, 0, 0),
	ROW("pthread_mutex_lock", "robust, relocked by its owner", R_BLOCKS, R_NONE, R_BLOCKS, mutex_relocked, MF_LOCK, MK_ROBUST, 0, N_DEADLOCK),
	ROW("pthread_mutex_lock", "priority-inheritance, relocked by its owner", R_BLOCKS, R_NONE, R_BLOCKS, mutex_relocked, MF_LOCK, MK_PI, 0, N_DEADLOCK),
	ROW("pthread_mutex_lock", "recursive, depth counter at its maximum", EAGAIN, R_NONE, EAGAIN, mutex_recursion_overflow, MF_LOCK, 0, 0, N_WHITEBOX),
	ROW("pthread_mutex_lock", "robust, owner thread exited holding it", EOWNERDEAD, R_NONE, EOWNERDEAD, mutex_owner_died, MF_LOCK, MK_ROBUST, 0, 0),
	ROW("pthread_mutex_lock", "robust, unlocked without pthread_mutex_consistent after EOWNERDEAD", ENOTRECOVERABLE, R_NONE, ENOTRECOVERABLE, mutex_not_recoverable, MF_LOCK, MK_ROBUST, 0, 0),
	ROW("pthread_mutex_lock", "PRIO_PROTECT, caller's SCHED_FIFO priority above the ceiling", EINVAL, R_SKIP, EINVAL, mutex_above_ceiling, MF_LOCK, 0, 0, "skipped without the privilege to raise priority"),
	ROW("__pthread_mutex_lock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_ALIAS_LOCK, MK_NORMAL, 0, 0),
	ROW("__pthread_mutex_lock", "errorcheck, relocked by its owner", EDEADLK, R_NONE, EDEADLK, mutex_relocked, MF_ALIAS_LOCK, MK_ERRORCHECK, 0, 0),

	ROW("pthread_mutex_trylock", "held by another thread", EBUSY, R_NONE, EBUSY, mutex_held_by_other, MF_TRYLOCK, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_trylock", "errorcheck, held by the caller", EBUSY, R_NONE, EBUSY, mutex_relocked, MF_TRYLOCK, MK_ERRORCHECK, 0, 0),
	ROW("pthread_mutex_trylock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_TRYLOCK, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_trylock", "never initialized", R_UB, R_NONE, EINVAL, mutex_uninitialized, MF_TRYLOCK, 0, 0, N_UNDEF),
	ROW("pthread_mutex_trylock", "recursive, depth counter at its maximum", EAGAIN, R_NONE, EAGAIN, mutex_recursion_overflow, MF_TRYLOCK, 0, 0, N_WHITEBOX),
	ROW("pthread_mutex_trylock", "robust, owner thread exited holding it", EOWNERDEAD, R_NONE, EOWNERDEAD, mutex_owner_died, MF_TRYLOCK, MK_ROBUST, 0, 0),
	ROW("pthread_mutex_trylock", "robust, not recoverable", ENOTRECOVERABLE, R_NONE, ENOTRECOVERABLE, mutex_not_recoverable, MF_TRYLOCK, MK_ROBUST, 0, 0),
	ROW("__pthread_mutex_trylock", "held by another thread", EBUSY, R_NONE, EBUSY, mutex_held_by_other, MF_ALIAS_TRYLOCK, MK_NORMAL, 0, 0),
	ROW("__pthread_mutex_trylock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_ALIAS_TRYLOCK, MK_NORMAL, 0, 0),

	ROW("pthread_mutex_unlock", "errorcheck, not locked", EPERM, R_NONE, EPERM, mutex_unlocked, MF_UNLOCK, MK_ERRORCHECK, 0, 0),
	ROW("pthread_mutex_unlock", "errorcheck, locked by another thread", EPERM, R_NONE, EPERM, mutex_held_by_other, MF_UNLOCK, MK_ERRORCHECK, 0, 0),
	ROW("pthread_mutex_unlock", "recursive, locked by another thread", EPERM, R_NONE, EPERM, mutex_held_by_other, MF_UNLOCK, MK_RECURSIVE, 0, 0),
	ROW("pthread_mutex_unlock", "robust, locked by another thread", EPERM, R_NONE, EPERM, mutex_held_by_other, MF_UNLOCK, MK_ROBUST, 0, 0),
	ROW("pthread_mutex_unlock", "priority-inheritance, locked by another thread", EPERM, R_NONE, EPERM, mutex_held_by_other, MF_UNLOCK, MK_PI, 0, 0),
	ROW("pthread_mutex_unlock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_UNLOCK, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_unlock", "normal, not locked", R_UB, R_NONE, 0, mutex_unlocked, MF_UNLOCK, MK_NORMAL, 0, N_UNDEF),
	ROW("pthread_mutex_unlock", "normal, locked by another thread", R_UB, R_NONE, 0, mutex_held_by_other, MF_UNLOCK, MK_NORMAL, 0, N_UNDEF),
	ROW("pthread_mutex_unlock", "never initialized", R_UB, R_NONE, EINVAL, mutex_uninitialized, MF_UNLOCK, 0, 0, N_UNDEF),
	ROW("__pthread_mutex_unlock", "errorcheck, not locked", EPERM, R_NONE, EPERM, mutex_unlocked, MF_ALIAS_UNLOCK, MK_ERRORCHECK, 0, 0),
	ROW("__pthread_mutex_unlock", "normal, not locked", R_UB, R_NONE, 0, mutex_unlocked, MF_ALIAS_UNLOCK, MK_NORMAL, 0, N_UNDEF),

	ROW("pthread_mutex_timedlock", "contended, tv_nsec 1000000000", EINVAL, R_NONE, EINVAL, mutex_timed, 0, MK_NORMAL, D_NSEC_BIG | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "contended, tv_nsec -1", EINVAL, R_NONE, EINVAL, mutex_timed, 0, MK_NORMAL, D_NSEC_NEG | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "uncontended, tv_nsec -1", 0, EINVAL, 0, mutex_timed, 0, MK_NORMAL, D_NSEC_NEG, N_NOCHECK),
	ROW("pthread_mutex_timedlock", "contended, deadline 1 s in the past", ETIMEDOUT, R_NONE, ETIMEDOUT, mutex_timed, 0, MK_NORMAL, D_PAST | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "contended, tv_sec -1", ETIMEDOUT, R_NONE, ETIMEDOUT, mutex_timed, 0, MK_NORMAL, D_NEG | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "robust, contended, tv_sec -1", ETIMEDOUT, R_NONE, ETIMEDOUT, mutex_timed, 0, MK_ROBUST, D_NEG | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "robust, contended, tv_nsec 1000000000", EINVAL, R_NONE, EINVAL, mutex_timed, 0, MK_ROBUST, D_NSEC_BIG | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "priority-inheritance, contended, tv_sec -1", ETIMEDOUT, R_NONE, EINVAL, mutex_timed, 0, MK_PI, D_NEG | CONTENDED, 0),
	ROW("pthread_mutex_timedlock", "normal, relocked by its owner, deadline 10 ms ahead", ETIMEDOUT, R_NONE, ETIMEDOUT, mutex_timed, 0, MK_NORMAL, D_10MS | CONTENDED, N_DEADLOCK " until the deadline"),
	ROW("pthread_mutex_timedlock", "errorcheck, relocked by its owner", EDEADLK, R_NONE, EDEADLK, mutex_relocked, MF_TIMEDLOCK, MK_ERRORCHECK, 0, 0),
	ROW("pthread_mutex_timedlock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_TIMEDLOCK, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_timedlock", "never initialized", R_UB, R_NONE, EINVAL, mutex_uninitialized, MF_TIMEDLOCK, 0, 0, N_UNDEF),

	ROW("pthread_mutex_clocklock", "clock CLOCK_PROCESS_CPUTIME_ID", EINVAL, R_NONE, EINVAL, mutex_bad_clock, CLOCK_PROCESS_CPUTIME_ID, 0, 0, 0),
	ROW("pthread_mutex_clocklock", "clock CLOCK_MONOTONIC_RAW, contended", EINVAL, R_NONE, EINVAL, mutex_bad_clock, CLOCK_MONOTONIC_RAW, 1, 0, 0),
	ROW("pthread_mutex_clocklock", "clock -1", EINVAL, R_NONE, EINVAL, mutex_bad_clock, -1, 0, 0, 0),
	ROW("pthread_mutex_clocklock", "CLOCK_MONOTONIC, contended, tv_nsec 1000000000", EINVAL, R_NONE, EINVAL, mutex_timed, 2, MK_NORMAL, D_NSEC_BIG | CONTENDED, 0),
	ROW("pthread_mutex_clocklock", "CLOCK_MONOTONIC, contended, deadline in the past", ETIMEDOUT, R_NONE, ETIMEDOUT, mutex_timed, 2, MK_NORMAL, D_PAST | CONTENDED, 0),
	ROW("pthread_mutex_clocklock", "CLOCK_REALTIME, robust, contended, tv_sec -1", ETIMEDOUT, R_NONE, ETIMEDOUT, mutex_timed, 1, MK_ROBUST, D_NEG | CONTENDED, 0),
	ROW("pthread_mutex_clocklock", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_CLOCKLOCK, MK_NORMAL, 0, 0),

	ROW("pthread_mutex_consistent", "not robust", EINVAL, R_NONE, EINVAL, mutex_relocked, MF_CONSISTENT, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_consistent", "robust and consistent, held by the caller", EINVAL, R_NONE, EINVAL, mutex_relocked, MF_CONSISTENT, MK_ROBUST, 0, 0),
	ROW("pthread_mutex_consistent", "robust, inconsistent, held by another thread", EINVAL, R_NONE, 0, mutex_inconsistent_other, MF_CONSISTENT, MK_ROBUST, 0, "only the owner may make it consistent"),
	ROW("pthread_mutex_consistent", "destroyed", EINVAL, R_NONE, EINVAL, mutex_destroyed, MF_CONSISTENT, MK_ROBUST, 0, 0),
	ROW("pthread_mutex_consistent_np", "not robust", EINVAL, R_NONE, EINVAL, mutex_relocked, MF_CONSISTENT_NP, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_consistent_np", "robust, inconsistent, held by another thread", EINVAL, R_NONE, 0, mutex_inconsistent_other, MF_CONSISTENT_NP, MK_ROBUST, 0, "only the owner may make it consistent"),

	ROW("pthread_mutex_getprioceiling", "not PRIO_PROTECT", EINVAL, R_NONE, EINVAL, mutex_unlocked, MF_GETPRIO, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_getprioceiling", "destroyed", EINVAL, R_NONE, 0, mutex_destroyed, MF_GETPRIO, MK_PP, 0, 0),
	ROW("pthread_mutex_setprioceiling", "not PRIO_PROTECT", EINVAL, R_NONE, EINVAL, mutex_unlocked, MF_SETPRIO, MK_NORMAL, 0, 0),
	ROW("pthread_mutex_setprioceiling", "ceiling 0 (below SCHED_FIFO's range)", EINVAL, R_NONE, EINVAL, mutex_setprio_range, 0, 0, 0, 0),
	ROW("pthread_mutex_setprioceiling", "ceiling 100 (above SCHED_FIFO's range)", EINVAL, R_NONE, EINVAL, mutex_setprio_range, 100, 0, 0, 0),
	ROW("pthread_mutex_setprioceiling", "ceiling -1", EINVAL, R_NONE, EINVAL, mutex_setprio_range, -1, 0, 0, 0),
	ROW("pthread_mutex_setprioceiling", "destroyed", EINVAL, R_NONE, 0, mutex_destroyed, MF_SETPRIO, MK_PP, 0, 0),

	/* --------------------------------------------------- mutexattr */
	ROW("pthread_mutexattr_init", "already initialized", 0, R_NONE, 0, mattr_twice, MA_INIT, 0, 0, N_HARMLESS),
	ROW("__pthread_mutexattr_init", "already initialized", 0, R_NONE, 0, mattr_twice, MA_INIT_ALIAS, 0, 0, N_HARMLESS),
	ROW("pthread_mutexattr_destroy", "already destroyed", 0, R_NONE, 0, mattr_twice, MA_DESTROY, 0, 0, N_HARMLESS),
	ROW("__pthread_mutexattr_destroy", "already destroyed", 0, R_NONE, 0, mattr_twice, MA_DESTROY_ALIAS, 0, 0, N_HARMLESS),
	ROW("pthread_mutexattr_settype", "type -1", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETTYPE, -1, 0, 0),
	ROW("pthread_mutexattr_settype", "type 4 (past PTHREAD_MUTEX_ADAPTIVE_NP)", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETTYPE, 4, 0, 0),
	ROW("pthread_mutexattr_settype", "type INT_MAX", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETTYPE, INT_MAX, 0, 0),
	ROW("pthread_mutexattr_settype", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_SETTYPE, 0, 0, N_UNDEF),
	ROW("__pthread_mutexattr_settype", "type 4", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETTYPE_ALIAS, 4, 0, 0),
	ROW("pthread_mutexattr_setkind_np", "kind 4", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETKIND_NP, 4, 0, 0),
	ROW("pthread_mutexattr_setkind_np", "kind -1", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETKIND_NP, -1, 0, 0),
	ROW("pthread_mutexattr_gettype", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETTYPE, 0, 0, N_UNDEF),
	ROW("pthread_mutexattr_getkind_np", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETKIND_NP, 0, 0, N_UNDEF),
	ROW("pthread_mutexattr_setpshared", "pshared 2", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPSHARED, 2, 0, 0),
	ROW("pthread_mutexattr_setpshared", "pshared -1", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPSHARED, -1, 0, 0),
	ROW("pthread_mutexattr_getpshared", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETPSHARED, 0, 0, N_UNDEF),
	ROW("pthread_mutexattr_setrobust", "robustness 2", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETROBUST, 2, 0, 0),
	ROW("pthread_mutexattr_setrobust", "robustness -1", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETROBUST, -1, 0, 0),
	ROW("pthread_mutexattr_setrobust_np", "robustness 2", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETROBUST_NP, 2, 0, 0),
	ROW("pthread_mutexattr_getrobust", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETROBUST, 0, 0, N_UNDEF),
	ROW("pthread_mutexattr_getrobust_np", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETROBUST_NP, 0, 0, N_UNDEF),
	ROW("pthread_mutexattr_setprotocol", "protocol 3", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPROTOCOL, 3, 0, 0),
	ROW("pthread_mutexattr_setprotocol", "protocol -1", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPROTOCOL, -1, 0, 0),
	ROW("pthread_mutexattr_getprotocol", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETPROTOCOL, 0, 0, N_UNDEF),
	ROW("pthread_mutexattr_setprioceiling", "ceiling 0", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPRIOCEILING, 0, 0, 0),
	ROW("pthread_mutexattr_setprioceiling", "ceiling 100", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPRIOCEILING, 100, 0, 0),
	ROW("pthread_mutexattr_setprioceiling", "ceiling -1", EINVAL, R_NONE, EINVAL, mattr_value, MA_SETPRIOCEILING, -1, 0, 0),
	ROW("pthread_mutexattr_getprioceiling", "attribute object never initialized", R_UB, R_NONE, 0, mattr_uninitialized, MA_GETPRIOCEILING, 0, 0, N_UNDEF),

	/* -------------------------------------------------------- cond */
	ROW("pthread_cond_init", "attribute object never initialized", R_UB, R_NONE, 0, cond_init_garbage_attr, 0, 0, 0, N_UNDEF),
	ROW("pthread_cond_init", "a thread is blocked on the condvar", R_UB, R_NONE, 0, cond_with_waiter, CF_INIT, 0, 0, N_UNDEF),
	ROW("pthread_cond_destroy", "a thread is blocked on it", R_UB, R_NONE, R_BLOCKS, cond_with_waiter, CF_DESTROY, 0, 0, N_UNDEF),
	ROW("pthread_cond_destroy", "already destroyed", R_UB, R_NONE, 0, cond_destroyed, CF_DESTROY, 0, 0, N_UNDEF),
	ROW("pthread_cond_destroy", "never initialized", R_UB, R_NONE, R_BLOCKS, cond_uninitialized, CF_DESTROY, 0, 0, N_UNDEF),
	ROW("pthread_cond_signal", "destroyed", R_UB, R_NONE, 0, cond_destroyed, CF_SIGNAL, 0, 0, N_UNDEF),
	ROW("pthread_cond_signal", "never initialized", R_UB, R_NONE, R_BLOCKS, cond_uninitialized, CF_SIGNAL, 0, 0, N_UNDEF),
	ROW("pthread_cond_broadcast", "destroyed", R_UB, R_NONE, 0, cond_destroyed, CF_BROADCAST, 0, 0, N_UNDEF),
	ROW("pthread_cond_broadcast", "never initialized", R_UB, R_NONE, R_BLOCKS, cond_uninitialized, CF_BROADCAST, 0, 0, N_UNDEF),
	ROW("pthread_cond_wait", "errorcheck mutex not locked", EPERM, R_NONE, EPERM, cond_mutex_not_held, CF_WAIT, MK_ERRORCHECK, 0, 0),
	ROW("pthread_cond_wait", "errorcheck mutex locked by another thread", EPERM, R_NONE, EPERM, cond_mutex_held_by_other, CF_WAIT, MK_ERRORCHECK, 0, 0),
	ROW("pthread_cond_wait", "recursive mutex not locked", EPERM, R_NONE, EPERM, cond_mutex_not_held, CF_WAIT, MK_RECURSIVE, 0, 0),
	ROW("pthread_cond_wait", "robust mutex locked by another thread", EPERM, R_NONE, EPERM, cond_mutex_held_by_other, CF_WAIT, MK_ROBUST, 0, 0),
	ROW("pthread_cond_wait", "priority-inheritance mutex not locked", EPERM, R_NONE, EPERM, cond_mutex_not_held, CF_WAIT, MK_PI, 0, 0),
	ROW("pthread_cond_wait", "normal mutex not locked", R_UB, R_NONE, R_BLOCKS, cond_mutex_not_held, CF_WAIT, MK_NORMAL, 0, N_UNDEF),
	ROW("pthread_cond_wait", "destroyed mutex", EINVAL, R_NONE, EINVAL, cond_mutex_destroyed, CF_WAIT, MK_NORMAL, 0, 0),
	ROW("pthread_cond_wait", "another thread waits with a different mutex", R_UB, R_NONE, R_BLOCKS, cond_two_mutexes, CF_WAIT, 0, 0, N_UNDEF),
	ROW("pthread_cond_wait", "destroyed condvar", R_UB, R_NONE, R_BLOCKS, cond_destroyed, CF_WAIT, 0, 0, N_UNDEF),
	ROW("pthread_cond_timedwait", "tv_nsec 1000000000 (mutex still held after)", EINVAL, R_NONE, EINVAL, cond_timed, 0, D_NSEC_BIG, 0, 0),
	ROW("pthread_cond_timedwait", "tv_nsec -1 (mutex still held after)", EINVAL, R_NONE, EINVAL, cond_timed, 0, D_NSEC_NEG, 0, 0),
	ROW("pthread_cond_timedwait", "deadline 1 s in the past (mutex still held after)", ETIMEDOUT, R_NONE, ETIMEDOUT, cond_timed, 0, D_PAST, 0, 0),
	ROW("pthread_cond_timedwait", "tv_sec -1 (mutex still held after)", ETIMEDOUT, R_NONE, ETIMEDOUT, cond_timed, 0, D_NEG, 0, 0),
	ROW("pthread_cond_timedwait", "errorcheck mutex not locked", EPERM, R_NONE, EPERM, cond_mutex_not_held, CF_TIMEDWAIT, MK_ERRORCHECK, 0, 0),
	ROW("pthread_cond_timedwait", "never-initialized condvar", R_UB, R_NONE, 0, cond_uninitialized, CF_TIMEDWAIT, 0, 0, N_UNDEF),
	ROW("pthread_cond_clockwait", "clock CLOCK_PROCESS_CPUTIME_ID", EINVAL, R_NONE, EINVAL, cond_bad_clock, CLOCK_PROCESS_CPUTIME_ID, 0, 0, 0),
	ROW("pthread_cond_clockwait", "clock CLOCK_MONOTONIC_RAW", EINVAL, R_NONE, EINVAL, cond_bad_clock, CLOCK_MONOTONIC_RAW, 0, 0, 0),
	ROW("pthread_cond_clockwait", "clock -1", EINVAL, R_NONE, EINVAL, cond_bad_clock, -1, 0, 0, 0),
	ROW("pthread_cond_clockwait", "CLOCK_MONOTONIC, tv_nsec 1000000000", EINVAL, R_NONE, EINVAL, cond_timed, 2, D_NSEC_BIG, 0, 0),
	ROW("pthread_cond_clockwait", "CLOCK_MONOTONIC, deadline in the past", ETIMEDOUT, R_NONE, ETIMEDOUT, cond_timed, 2, D_PAST, 0, 0),
	ROW("pthread_cond_clockwait", "errorcheck mutex locked by another thread", EPERM, R_NONE, EPERM, cond_mutex_held_by_other, CF_CLOCKWAIT, MK_ERRORCHECK, 0, 0),

	/* ---------------------------------------------------- condattr */
	ROW("pthread_condattr_init", "already initialized", 0, R_NONE, 0, cattr_twice, CA_INIT, 0, 0, N_HARMLESS),
	ROW("pthread_condattr_destroy", "already destroyed", 0, R_NONE, 0, cattr_twice, CA_DESTROY, 0, 0, N_HARMLESS),
	ROW("pthread_condattr_setpshared", "pshared 2", EINVAL, R_NONE, EINVAL, cattr_value, CA_SETPSHARED, 2, 0, 0),
	ROW("pthread_condattr_setpshared", "pshared -1", EINVAL, R_NONE, EINVAL, cattr_value, CA_SETPSHARED, -1, 0, 0),
	ROW("pthread_condattr_getpshared", "attribute object never initialized", R_UB, R_NONE, 0, cattr_uninitialized, CA_GETPSHARED, 0, 0, N_UNDEF),
	ROW("pthread_condattr_setclock", "CLOCK_PROCESS_CPUTIME_ID", EINVAL, R_NONE, EINVAL, cattr_value, CA_SETCLOCK, CLOCK_PROCESS_CPUTIME_ID, 0, 0),
	ROW("pthread_condattr_setclock", "CLOCK_THREAD_CPUTIME_ID", EINVAL, R_NONE, EINVAL, cattr_value, CA_SETCLOCK, CLOCK_THREAD_CPUTIME_ID, 0, 0),
	ROW("pthread_condattr_setclock", "CLOCK_MONOTONIC_RAW", EINVAL, R_NONE, EINVAL, cattr_value, CA_SETCLOCK, CLOCK_MONOTONIC_RAW, 0, 0),
	ROW("pthread_condattr_setclock", "clock -1", EINVAL, R_NONE, EINVAL, cattr_value, CA_SETCLOCK, -1, 0, 0),
	ROW("pthread_condattr_getclock", "attribute object never initialized", R_UB, R_NONE, 0, cattr_uninitialized, CA_GETCLOCK, 0, 0, N_UNDEF),

	/* ------------------------------------------------------ rwlock */
	ROW("pthread_rwlock_init", "attribute object never initialized", R_UB, R_NONE, 0, rw_init_garbage_attr, 0, 0, 0, N_UNDEF),
	ROW("pthread_rwlock_init", "rwlock write-locked by another thread", R_UB, R_NONE, 0, rw_state, RF_INIT, 4, 0, N_UNDEF),
	ROW("__pthread_rwlock_init", "attribute object never initialized", R_UB, R_NONE, 0, rw_init_garbage_attr, 1, 0, 0, N_UNDEF),
	ROW("__pthread_rwlock_init", "rwlock read-locked by another thread", R_UB, R_NONE, 0, rw_state, RF_A_INIT, 3, 0, N_UNDEF),
	ROW("pthread_rwlock_destroy", "read-locked by the caller", EBUSY, R_NONE, 0, rw_state, RF_DESTROY, 1, 0, N_MAY),
	ROW("pthread_rwlock_destroy", "write-locked by another thread", EBUSY, R_NONE, 0, rw_state, RF_DESTROY, 4, 0, N_MAY),
	ROW("pthread_rwlock_destroy", "already destroyed", R_UB, R_NONE, 0, rw_destroyed, RF_DESTROY, 0, 0, N_UNDEF),
	ROW("pthread_rwlock_destroy", "never initialized", R_UB, R_NONE, 0, rw_uninitialized, RF_DESTROY, 0, 0, N_UNDEF),
	ROW("__pthread_rwlock_destroy", "write-locked by the caller", EBUSY, R_NONE, 0, rw_state, RF_A_DESTROY, 2, 0, N_MAY),
	ROW("pthread_rwlock_rdlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_RDLOCK, 2, 0, 0),
	ROW("pthread_rwlock_rdlock", "PREFER_WRITER_NONRECURSIVE, read-locked by the caller while a writer waits", R_BLOCKS, R_NONE, R_BLOCKS, rw_state, RF_RDLOCK, 5, 0, "the kind's documented deadlock"),
	ROW("pthread_rwlock_rdlock", "destroyed", R_UB, R_NONE, 0, rw_destroyed, RF_RDLOCK, 0, 0, N_UNDEF),
	ROW("pthread_rwlock_rdlock", "never initialized", R_UB, R_NONE, 0, rw_uninitialized, RF_RDLOCK, 0, 0, N_UNDEF),
	ROW("__pthread_rwlock_rdlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_A_RDLOCK, 2, 0, 0),
	ROW("pthread_rwlock_wrlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_WRLOCK, 2, 0, 0),
	ROW("pthread_rwlock_wrlock", "read-locked by the caller", R_BLOCKS, R_NONE, R_BLOCKS, rw_state, RF_WRLOCK, 1, 0, "POSIX: may deadlock"),
	ROW("pthread_rwlock_wrlock", "destroyed", R_UB, R_NONE, 0, rw_destroyed, RF_WRLOCK, 0, 0, N_UNDEF),
	ROW("__pthread_rwlock_wrlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_A_WRLOCK, 2, 0, 0),
	ROW("pthread_rwlock_tryrdlock", "write-locked by another thread", EBUSY, R_NONE, EBUSY, rw_state, RF_TRYRDLOCK, 4, 0, 0),
	ROW("pthread_rwlock_tryrdlock", "write-locked by the caller", EBUSY, R_NONE, EBUSY, rw_state, RF_TRYRDLOCK, 2, 0, 0),
	ROW("__pthread_rwlock_tryrdlock", "write-locked by another thread", EBUSY, R_NONE, EBUSY, rw_state, RF_A_TRYRDLOCK, 4, 0, 0),
	ROW("pthread_rwlock_trywrlock", "read-locked by another thread", EBUSY, R_NONE, EBUSY, rw_state, RF_TRYWRLOCK, 3, 0, 0),
	ROW("pthread_rwlock_trywrlock", "write-locked by the caller", EBUSY, R_NONE, EBUSY, rw_state, RF_TRYWRLOCK, 2, 0, 0),
	ROW("__pthread_rwlock_trywrlock", "read-locked by another thread", EBUSY, R_NONE, EBUSY, rw_state, RF_A_TRYWRLOCK, 3, 0, 0),
	ROW("pthread_rwlock_timedrdlock", "write-locked by another thread, tv_nsec 1000000000", EINVAL, R_NONE, EINVAL, rw_timed, 0, D_NSEC_BIG, 1, 0),
	ROW("pthread_rwlock_timedrdlock", "write-locked by another thread, tv_sec -1", ETIMEDOUT, R_NONE, ETIMEDOUT, rw_timed, 0, D_NEG, 1, 0),
	ROW("pthread_rwlock_timedrdlock", "free, tv_nsec -1", 0, EINVAL, EINVAL, rw_timed, 0, D_NSEC_NEG, 0, N_NOCHECK),
	ROW("pthread_rwlock_timedrdlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_TIMEDRDLOCK, 2, 0, 0),
	ROW("pthread_rwlock_timedwrlock", "write-locked by another thread, tv_nsec -1", EINVAL, R_NONE, EINVAL, rw_timed, 1, D_NSEC_NEG, 1, 0),
	ROW("pthread_rwlock_timedwrlock", "write-locked by another thread, deadline in the past", ETIMEDOUT, R_NONE, ETIMEDOUT, rw_timed, 1, D_PAST, 1, 0),
	ROW("pthread_rwlock_timedwrlock", "read-locked by the caller, deadline 10 ms ahead", ETIMEDOUT, R_NONE, ETIMEDOUT, rw_state, RF_TIMEDWRLOCK, 1, 0, "POSIX: may deadlock, until the deadline"),
	ROW("pthread_rwlock_timedwrlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_TIMEDWRLOCK, 2, 0, 0),
	ROW("pthread_rwlock_clockrdlock", "clock CLOCK_PROCESS_CPUTIME_ID", EINVAL, R_NONE, EINVAL, rw_bad_clock, 0, CLOCK_PROCESS_CPUTIME_ID, 0, 0),
	ROW("pthread_rwlock_clockrdlock", "CLOCK_MONOTONIC, write-locked by another thread, tv_nsec 1000000000", EINVAL, R_NONE, EINVAL, rw_timed, 2, D_NSEC_BIG, 1, 0),
	ROW("pthread_rwlock_clockrdlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_CLOCKRDLOCK, 2, 0, 0),
	ROW("pthread_rwlock_clockwrlock", "clock -1", EINVAL, R_NONE, EINVAL, rw_bad_clock, 1, -1, 0, 0),
	ROW("pthread_rwlock_clockwrlock", "CLOCK_MONOTONIC, write-locked by another thread, tv_sec -1", ETIMEDOUT, R_NONE, ETIMEDOUT, rw_timed, 3, D_NEG, 1, 0),
	ROW("pthread_rwlock_clockwrlock", "write-locked by the caller", EDEADLK, R_NONE, EDEADLK, rw_state, RF_CLOCKWRLOCK, 2, 0, 0),
	ROW("pthread_rwlock_unlock", "not locked", EPERM, R_NONE, 0, rw_state, RF_UNLOCK, 0, 0, N_UNDEF "; fxpthread defines it"),
	ROW("pthread_rwlock_unlock", "write-locked by another thread", EPERM, R_NONE, 0, rw_state, RF_UNLOCK, 4, 0, N_UNDEF "; fxpthread defines it"),
	ROW("pthread_rwlock_unlock", "read-locked by another thread only", R_UB, R_NONE, 0, rw_state, RF_UNLOCK, 3, 0, N_UNDEF),
	ROW("pthread_rwlock_unlock", "never initialized", R_UB, R_NONE, 0, rw_uninitialized, RF_UNLOCK, 0, 0, N_UNDEF),
	ROW("__pthread_rwlock_unlock", "not locked", EPERM, R_NONE, 0, rw_state, RF_A_UNLOCK, 0, 0, N_UNDEF "; fxpthread defines it"),

	/* -------------------------------------------------- rwlockattr */
	ROW("pthread_rwlockattr_init", "already initialized", 0, R_NONE, 0, rattr_twice, RA_INIT, 0, 0, N_HARMLESS),
	ROW("pthread_rwlockattr_destroy", "already destroyed", 0, R_NONE, 0, rattr_twice, RA_DESTROY, 0, 0, N_HARMLESS),
	ROW("pthread_rwlockattr_setkind_np", "kind 3", EINVAL, R_NONE, EINVAL, rattr_value, RA_SETKIND, 3, 0, 0),
	ROW("pthread_rwlockattr_setkind_np", "kind -1", EINVAL, R_NONE, EINVAL, rattr_value, RA_SETKIND, -1, 0, 0),
	ROW("pthread_rwlockattr_getkind_np", "attribute object never initialized", R_UB, R_NONE, 0, rattr_uninitialized, RA_GETKIND, 0, 0, N_UNDEF),
	ROW("pthread_rwlockattr_setpshared", "pshared 2", EINVAL, R_NONE, EINVAL, rattr_value, RA_SETPSHARED, 2, 0, 0),
	ROW("pthread_rwlockattr_setpshared", "pshared -1", EINVAL, R_NONE, EINVAL, rattr_value, RA_SETPSHARED, -1, 0, 0),
	ROW("pthread_rwlockattr_getpshared", "attribute object never initialized", R_UB, R_NONE, 0, rattr_uninitialized, RA_GETPSHARED, 0, 0, N_UNDEF),

	/* ----------------------------------------------------- barrier */
	ROW("pthread_barrier_init", "count 0", EINVAL, R_NONE, EINVAL, barrier_count, 0, 0, 0, 0),
	ROW("pthread_barrier_init", "count 2^31 (above INT_MAX)", EINVAL, R_NONE, EINVAL, barrier_count, 0x80000000L, 0, 0, 0),
	ROW("pthread_barrier_init", "attribute object never initialized", R_UB, R_NONE, 0, barrier_init_garbage_attr, 0, 0, 0, N_UNDEF),
	ROW("pthread_barrier_init", "a thread is blocked on the barrier", R_UB, R_NONE, 0, barrier_state, 0, 3, 0, N_UNDEF),
	ROW("pthread_barrier_destroy", "a thread is blocked on it", EBUSY, R_NONE, R_BLOCKS, barrier_state, 0, 0, 0, N_MAY),
	ROW("pthread_barrier_destroy", "never initialized", R_UB, R_NONE, 0, barrier_state, 0, 2, 0, N_UNDEF),
	ROW("pthread_barrier_wait", "destroyed", R_UB, R_NONE, R_BLOCKS, barrier_state, 1, 1, 0, N_UNDEF),
	ROW("pthread_barrier_wait", "never initialized", R_UB, R_NONE, R_SIGNAL(SIGABRT), barrier_state, 1, 2, 0, N_UNDEF),
	ROW("pthread_barrierattr_init", "already initialized", 0, R_NONE, 0, battr_twice, BA_INIT, 0, 0, N_HARMLESS),
	ROW("pthread_barrierattr_destroy", "already destroyed", 0, R_NONE, 0, battr_twice, BA_DESTROY, 0, 0, N_HARMLESS),
	ROW("pthread_barrierattr_setpshared", "pshared 2", EINVAL, R_NONE, EINVAL, battr_value, BA_SETPSHARED, 2, 0, 0),
	ROW("pthread_barrierattr_setpshared", "pshared -1", EINVAL, R_NONE, EINVAL, battr_value, BA_SETPSHARED, -1, 0, 0),
	ROW("pthread_barrierattr_getpshared", "attribute object never initialized", R_UB, R_NONE, 0, battr_uninitialized, BA_GETPSHARED, 0, 0, N_UNDEF),

	/* -------------------------------------------------------- spin */
	ROW("pthread_spin_init", "pshared 2", 0, EINVAL, 0, spin_init_pshared, 2, 0, 0, "one word either way; POSIX: may fail"),
	ROW("pthread_spin_init", "a thread holds the lock", R_UB, R_NONE, 0, spin_state, SF_INIT, 2, 0, N_UNDEF),
	ROW("pthread_spin_destroy", "held by the caller", R_UB, R_NONE, 0, spin_state, SF_DESTROY, 1, 0, N_UNDEF),
	ROW("pthread_spin_lock", "held by the caller", R_BLOCKS, EDEADLK, R_BLOCKS, spin_state, SF_LOCK, 1, 0, "POSIX: may deadlock"),
	ROW("pthread_spin_lock", "never initialized", R_UB, R_NONE, R_BLOCKS, spin_state, SF_LOCK, 3, 0, N_UNDEF),
	ROW("pthread_spin_trylock", "held by another thread", EBUSY, R_NONE, EBUSY, spin_state, SF_TRYLOCK, 2, 0, 0),
	ROW("pthread_spin_trylock", "held by the caller", EBUSY, R_NONE, EBUSY, spin_state, SF_TRYLOCK, 1, 0, 0),
	ROW("pthread_spin_unlock", "not locked", R_UB, R_NONE, 0, spin_state, SF_UNLOCK, 0, 0, N_UNDEF),
	ROW("pthread_spin_unlock", "held by another thread", R_UB, R_NONE, 0, spin_state, SF_UNLOCK, 2, 0, N_UNDEF),

	/* --------------------------------------------------------- C11 */
	ROW("mtx_init", "type 4", R_THRD(thrd_error), R_NONE, R_THRD(thrd_success), mtx_init_type, 4, 0, 0, 0),
	ROW("mtx_init", "type -1", R_THRD(thrd_error), R_NONE, R_THRD(thrd_success), mtx_init_type, -1, 0, 0, 0),
	ROW("mtx_init", "type 9 (mtx_recursive plus an unknown bit)", R_THRD(thrd_error), R_NONE, R_THRD(thrd_success), mtx_init_type, mtx_recursive | 8, 0, 0, 0),
	ROW("mtx_lock", "destroyed", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), mtx_state, MF_MTX_LOCK, mtx_plain, 3, 0),
	ROW("mtx_lock", "mtx_plain, relocked by its owner", R_BLOCKS, R_NONE, R_BLOCKS, mtx_state, MF_MTX_LOCK, mtx_plain, 1, "C11: undefined; deadlocks"),
	ROW("mtx_lock", "never initialized", R_UB, R_NONE, R_THRD(thrd_error), mtx_state, MF_MTX_LOCK, mtx_plain, 4, N_UNDEF),
	ROW("mtx_trylock", "held by another thread", R_THRD(thrd_busy), R_NONE, R_THRD(thrd_busy), mtx_state, MF_MTX_TRYLOCK, mtx_plain, 2, 0),
	ROW("mtx_trylock", "mtx_plain, held by the caller", R_THRD(thrd_busy), R_NONE, R_THRD(thrd_busy), mtx_state, MF_MTX_TRYLOCK, mtx_plain, 1, 0),
	ROW("mtx_trylock", "destroyed", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), mtx_state, MF_MTX_TRYLOCK, mtx_plain, 3, 0),
	ROW("mtx_timedlock", "held by another thread, tv_nsec 1000000000", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), mutex_timed, 3, MK_NORMAL, D_NSEC_BIG | CONTENDED, 0),
	ROW("mtx_timedlock", "held by another thread, deadline in the past", R_THRD(thrd_timedout), R_NONE, R_THRD(thrd_timedout), mutex_timed, 3, MK_NORMAL, D_PAST | CONTENDED, 0),
	ROW("mtx_timedlock", "mtx_timed, relocked by its owner, deadline 10 ms ahead", R_THRD(thrd_timedout), R_NONE, R_THRD(thrd_timedout), mtx_state, MF_MTX_TIMEDLOCK, mtx_timed, 1, "deadlocks until the deadline"),
	ROW("mtx_timedlock", "destroyed", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), mtx_state, MF_MTX_TIMEDLOCK, mtx_timed, 3, 0),
	ROW("mtx_unlock", "mtx_recursive, held by another thread", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), mtx_state, MF_MTX_UNLOCK, mtx_plain | mtx_recursive, 2, 0),
	ROW("mtx_unlock", "destroyed", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), mtx_state, MF_MTX_UNLOCK, mtx_plain, 3, 0),
	ROW("mtx_unlock", "mtx_plain, not locked", R_UB, R_NONE, R_THRD(thrd_success), mtx_state, MF_MTX_UNLOCK, mtx_plain, 0, N_UNDEF),
	ROW("mtx_destroy", "held by another thread", R_UB, R_NONE, R_RETURNS, mtx_state, MF_DESTROY, mtx_plain, 2, N_UNDEF),
	ROW("cnd_init", "a thread is blocked on the condvar", R_UB, R_NONE, R_THRD(thrd_success), cond_with_waiter, CF_CND_INIT, 1, 0, N_UNDEF),
	ROW("cnd_destroy", "a thread is blocked on it", R_UB, R_NONE, R_BLOCKS, cond_with_waiter, CF_CND_DESTROY, 1, 0, N_UNDEF),
	ROW("cnd_signal", "destroyed", R_UB, R_NONE, R_THRD(thrd_success), cond_destroyed, CF_CND_SIGNAL, 0, 0, N_UNDEF),
	ROW("cnd_broadcast", "destroyed", R_UB, R_NONE, R_THRD(thrd_success), cond_destroyed, CF_CND_BROADCAST, 0, 0, N_UNDEF),
	ROW("cnd_wait", "mtx_recursive mutex not locked", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), cnd_mutex_not_held, CF_CND_WAIT, mtx_plain | mtx_recursive, 0, 0),
	ROW("cnd_wait", "mtx_plain mutex not locked", R_UB, R_NONE, R_BLOCKS, cnd_mutex_not_held, CF_CND_WAIT, mtx_plain, 0, N_UNDEF),
	ROW("cnd_timedwait", "tv_nsec 1000000000 (mutex still held after)", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), cond_timed, 3, D_NSEC_BIG, 0, 0),
	ROW("cnd_timedwait", "deadline in the past (mutex still held after)", R_THRD(thrd_timedout), R_NONE, R_THRD(thrd_timedout), cond_timed, 3, D_PAST, 0, 0),
	ROW("cnd_timedwait", "mtx_recursive mutex not locked", R_THRD(thrd_error), R_NONE, R_THRD(thrd_error), cnd_mutex_not_held, CF_CND_TIMEDWAIT, mtx_plain | mtx_recursive, 0, 0),
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

/* The 96 names glibc 2.36 exports for these families (objdump -T). */
static const char *const names[] = {
	"__pthread_mutex_destroy", "__pthread_mutex_init", "__pthread_mutex_lock",
	"__pthread_mutex_trylock", "__pthread_mutex_unlock",
	"__pthread_mutexattr_destroy", "__pthread_mutexattr_init",
	"__pthread_mutexattr_settype", "__pthread_rwlock_destroy",
	"__pthread_rwlock_init", "__pthread_rwlock_rdlock",
	"__pthread_rwlock_tryrdlock", "__pthread_rwlock_trywrlock",
	"__pthread_rwlock_unlock", "__pthread_rwlock_wrlock", "cnd_broadcast",
	"cnd_destroy", "cnd_init", "cnd_signal", "cnd_timedwait", "cnd_wait",
	"mtx_destroy", "mtx_init", "mtx_lock", "mtx_timedlock", "mtx_trylock",
	"mtx_unlock", "pthread_barrier_destroy", "pthread_barrier_init",
	"pthread_barrier_wait", "pthread_barrierattr_destroy",
	"pthread_barrierattr_getpshared", "pthread_barrierattr_init",
	"pthread_barrierattr_setpshared", "pthread_cond_broadcast",
	"pthread_cond_clockwait", "pthread_cond_destroy", "pthread_cond_init",
	"pthread_cond_signal", "pthread_cond_timedwait", "pthread_cond_wait",
	"pthread_condattr_destroy", "pthread_condattr_getclock",
	"pthread_condattr_getpshared", "pthread_condattr_init",
	"pthread_condattr_setclock", "pthread_condattr_setpshared",
	"pthread_mutex_clocklock", "pthread_mutex_consistent",
	"pthread_mutex_consistent_np", "pthread_mutex_destroy",
	"pthread_mutex_getprioceiling", "pthread_mutex_init", "pthread_mutex_lock",
	"pthread_mutex_setprioceiling", "pthread_mutex_timedlock",
	"pthread_mutex_trylock", "pthread_mutex_unlock",
	"pthread_mutexattr_destroy", "pthread_mutexattr_getkind_np",
	"pthread_mutexattr_getprioceiling", "pthread_mutexattr_getprotocol",
	"pthread_mutexattr_getpshared", "pthread_mutexattr_getrobust",
	"pthread_mutexattr_getrobust_np", "pthread_mutexattr_gettype",
	"pthread_mutexattr_init", "pthread_mutexattr_setkind_np",
	"pthread_mutexattr_setprioceiling", "pthread_mutexattr_setprotocol",
	"pthread_mutexattr_setpshared", "pthread_mutexattr_setrobust",
	"pthread_mutexattr_setrobust_np", "pthread_mutexattr_settype",
	"pthread_rwlock_clockrdlock", "pthread_rwlock_clockwrlock",
	"pthread_rwlock_destroy", "pthread_rwlock_init", "pthread_rwlock_rdlock",
	"pthread_rwlock_timedrdlock", "pthread_rwlock_timedwrlock",
	"pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
	"pthread_rwlock_unlock", "pthread_rwlock_wrlock",
	"pthread_rwlockattr_destroy", "pthread_rwlockattr_getkind_np",
	"pthread_rwlockattr_getpshared", "pthread_rwlockattr_init",
	"pthread_rwlockattr_setkind_np", "pthread_rwlockattr_setpshared",
	"pthread_spin_destroy", "pthread_spin_init", "pthread_spin_lock",
	"pthread_spin_trylock", "pthread_spin_unlock",
};
#define NNAMES ((int)(sizeof names / sizeof names[0]))

/* Every name has a row, every row a name. */
static void check_coverage(void)
{
	int bad = 0;
	for (int i = 0; i < NNAMES; i++) {
		int found = 0;
		for (int r = 0; r < NROWS && !found; r++)
			found = strcmp(rows[r].fn, names[i]) == 0;
		if (!found) {
			fprintf(stderr, "bad_input: no row for %s\n", names[i]);
			bad = 1;
		}
	}
	for (int r = 0; r < NROWS; r++) {
		int found = 0;
		for (int i = 0; i < NNAMES && !found; i++)
			found = strcmp(rows[r].fn, names[i]) == 0;
		if (!found) {
			fprintf(stderr, "bad_input: row %d names %s, not an export\n",
				r, rows[r].fn);
			bad = 1;
		}
	}
	if (bad)
		exit(2);
}

/* ------------------------------------------------------------ markdown */

static const char *family_of(const char *fn)
{
	static const struct {
		const char *prefix, *family;
	} f[] = {
		{ "pthread_mutexattr_", "Mutex attributes" },
		{ "__pthread_mutexattr_", "Mutex attributes" },
		{ "pthread_mutex_", "Mutexes" },
		{ "__pthread_mutex_", "Mutexes" },
		{ "pthread_condattr_", "Condition variable attributes" },
		{ "pthread_cond_", "Condition variables" },
		{ "pthread_rwlockattr_", "Reader-writer lock attributes" },
		{ "pthread_rwlock_", "Reader-writer locks" },
		{ "__pthread_rwlock_", "Reader-writer locks" },
		{ "pthread_barrierattr_", "Barrier attributes" },
		{ "pthread_barrier_", "Barriers" },
		{ "pthread_spin_", "Spin locks" },
		{ "mtx_", "C11 mutexes and condition variables" },
		{ "cnd_", "C11 mutexes and condition variables" },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (strncmp(fn, f[i].prefix, strlen(f[i].prefix)) == 0)
			return f[i].family;
	return "Other";
}

static void required_text(const struct row *r, char *out, size_t n)
{
	char b1[64], b2[64];
	if (r->want == R_UB) {
		snprintf(out, n, "undefined behaviour; caught by `FXPTHREAD_CHECK`");
		return;
	}
	const char *w = result_name(r->want, b1, sizeof b1);
	if (r->alt != R_NONE && r->alt != R_SKIP)
		snprintf(out, n, "`%s` or `%s`", w, result_name(r->alt, b2, sizeof b2));
	else if (r->want == R_BLOCKS)
		snprintf(out, n, "blocks (deadlock)");
	else
		snprintf(out, n, "`%s`", w);
}

static int glibc_agrees(const struct row *r)
{
	return r->glibc == r->want || (r->alt != R_NONE && r->glibc == r->alt);
}

/* Table cells: a '|' would end the cell. */
static const char *cell(const char *text, char *buf, size_t n)
{
	size_t o = 0;
	for (const char *p = text ? text : ""; *p && o + 3 < n; p++) {
		if (*p == '|')
			buf[o++] = '\\';
		buf[o++] = *p;
	}
	buf[o] = 0;
	return buf;
}

static void print_markdown(void)
{
	int ub = 0, differ = 0;
	for (int i = 0; i < NROWS; i++) {
		if (rows[i].want == R_UB)
			ub++;
		else if (!glibc_agrees(&rows[i]))
			differ++;
	}
	printf("# Bad input: what every entry point answers\n\n"
	       "<!-- Generated by `bad_input --markdown` from the table in\n"
	       "     conformance/stress/bad_input.c; do not edit by hand.  CTest\n"
	       "     (stress.bad_input_doc) fails when this file and the table\n"
	       "     differ. -->\n\n");
	printf("For each of the %d names libfxpthread exports for glibc, the "
	       "invalid inputs tried and the result required. %d rows, %d of "
	       "them undefined behaviour.\n\n",
	       NNAMES, NROWS, ub);
	printf("- **Required** is what fxpthread must answer: an error number "
	       "(C11 functions: a `thrd_*` value), *blocks* where POSIX defines "
	       "a deadlock, or *undefined behaviour; caught by "
	       "`FXPTHREAD_CHECK`* where POSIX leaves the behaviour undefined "
	       "and the misuse does harm: the diagnostics library "
	       "(`libfxpthread-diag`, `FXPTHREAD_CHECK=1`) must report it and "
	       "abort.  Where POSIX says undefined but fxpthread has a harmless "
	       "defined answer, that answer is required and the note says so.\n");
	printf("- **glibc 2.36** is what glibc answers on the same input (Debian "
	       "12, x86_64), measured by running the same program without "
	       "fxpthread; **bold** where it differs from the required result "
	       "(%d rows, not counting undefined behaviour).  *blocks* means "
	       "the call had not returned after a second (rows expected to "
	       "return are given 20 s); *crashes* names the signal.\n",
	       differ);
	printf("- Each row runs in its own process, from a fresh object: "
	       "*never initialized* objects hold the byte 0x5a throughout "
	       "(attribute objects 0xff); *destroyed* ones went through "
	       "`*_destroy`; *held by another thread* means a live thread "
	       "holds it; timed calls that are not about the deadline get one "
	       "10 ms ahead.\n\n");
	printf("Tests (conformance/stress/CMakeLists.txt): `stress.bad_input` "
	       "runs every row with a required result on fxpthread; "
	       "`stress.bad_input_glibc` runs every row on glibc and checks the "
	       "glibc column; `stress.bad_input_check` runs the undefined-"
	       "behaviour rows under `FXPTHREAD_CHECK`; `stress.bad_input_doc` "
	       "checks that this file is the table's output and that the table "
	       "covers exactly the library's exports.\n");
	const char *family = 0;
	for (int i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		const char *f = family_of(r->fn);
		if (!family || strcmp(f, family) != 0) {
			printf("\n## %s\n\n", f);
			printf("| # | function | invalid input | required | glibc 2.36 | note |\n");
			printf("|---|---|---|---|---|---|\n");
			family = f;
		}
		char req[160], b[64], in[256], note[256];
		required_text(r, req, sizeof req);
		const char *g = result_name(r->glibc, b, sizeof b);
		int bold = r->want != R_UB && !glibc_agrees(r);
		printf("| %d | `%s` | %s | %s | %s%s%s | %s |\n", i, r->fn,
		       cell(r->input, in, sizeof in), req, bold ? "**" : "", g,
		       bold ? "**" : "", cell(r->note, note, sizeof note));
	}
	printf("\nRegenerate after changing the table:\n\n"
	       "```sh\nbuild/conformance/stress/stress_bad_input --markdown > "
	       "docs/bad-input.md\n```\n");
}

/* ----------------------------------------------------------- execution */

static int run_row_here(int i)
{
	const struct row *r = &rows[i];
	return r->run(r->a, r->b, r->c);
}

struct child {
	int row;
	double timeout; /* seconds after which the row counts as blocked */
	pid_t pid;
	int fd[2];	/* stdout, stderr of the child; -1 once at EOF */
	char buf[2][4096];
	size_t len[2];
	double start;
	int result;
	int done;
};

static int opt_jobs = 8, opt_timeout_ms = 1000, opt_verbose;
static const char *check_lib;
static int on_glibc;

/* A row expected to block is given opt_timeout_ms to prove it; any other
 * row gets far longer, so that a loaded machine (the sanitizer build,
 * other tests in parallel) is not mistaken for a deadlock. */
static double row_timeout(int row)
{
	const struct row *r = &rows[row];
	int blocks = check_lib ? 0
		     : on_glibc ? r->glibc == R_BLOCKS
				: r->want == R_BLOCKS || r->alt == R_BLOCKS;
	double t = opt_timeout_ms / 1000.0;
	if (blocks)
		return t;
	return check_lib ? (t * 5 > 5 ? t * 5 : 5) : (t * 20 > 20 ? t * 20 : 20);
}

static void child_start(struct child *c, const char *self)
{
	int po[2], pe[2];
	if (pipe(po) || pipe(pe)) {
		perror("pipe");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	pid_t p = fork();
	if (p < 0) {
		perror("fork");
		exit(2);
	}
	if (p == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		close(po[1]);
		close(pe[1]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		char num[16];
		snprintf(num, sizeof num, "%d", c->row);
		if (check_lib) {
			const char *pre = getenv("LD_PRELOAD");
			char buf[4096];
			snprintf(buf, sizeof buf, "%s%s%s", check_lib,
				 pre && *pre ? " " : "", pre ? pre : "");
			setenv("LD_PRELOAD", buf, 1);
			setenv("FXPTHREAD_CHECK", "1", 1);
		}
		execl(self, self, "--row", num, (char *)0);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	c->pid = p;
	c->fd[0] = po[0];
	c->fd[1] = pe[0];
	c->len[0] = c->len[1] = 0;
	c->buf[0][0] = c->buf[1][0] = 0;
	c->start = stress_now();
	c->done = 0;
}

/* Read what is there; close the pipe at EOF. */
static void child_read(struct child *c, int k)
{
	char tmp[1024];
	ssize_t n = read(c->fd[k], tmp, sizeof tmp);
	if (n <= 0) {
		close(c->fd[k]);
		c->fd[k] = -1;
		return;
	}
	size_t room = sizeof c->buf[k] - 1 - c->len[k];
	size_t take = (size_t)n < room ? (size_t)n : room;
	memcpy(c->buf[k] + c->len[k], tmp, take);
	c->len[k] += take;
	c->buf[k][c->len[k]] = 0;
}

static void child_finish(struct child *c, int blocked)
{
	int st = 0;
	if (blocked)
		kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
		;
	for (int k = 0; k < 2; k++)
		if (c->fd[k] >= 0) {
			close(c->fd[k]);
			c->fd[k] = -1;
		}
	int v;
	const char *res = strstr(c->buf[0], "RESULT ");
	if (blocked)
		c->result = R_BLOCKS;
	else if (res && sscanf(res, "RESULT %d", &v) == 1)
		c->result = v;
	else if (WIFSIGNALED(st))
		c->result = R_SIGNAL(WTERMSIG(st));
	else
		c->result = R_FIXTURE;
	c->done = 1;
}

/* Run the given rows, at most opt_jobs at a time, each in a process of
 * its own (this program again, with --row); a row that has not finished
 * after opt_timeout_ms counts as blocked. */
static void run_rows(const int *which, int n, int *results, char **stderrs)
{
	char self[4096];
	ssize_t l = readlink("/proc/self/exe", self, sizeof self - 1);
	if (l <= 0) {
		perror("readlink /proc/self/exe");
		exit(2);
	}
	self[l] = 0;
	struct child *c = calloc((size_t)n, sizeof *c);
	int next = 0, running = 0, finished = 0;
	while (finished < n) {
		while (running < opt_jobs && next < n) {
			c[next].row = which[next];
			c[next].timeout = row_timeout(which[next]);
			child_start(&c[next], self);
			next++;
			running++;
		}
		struct pollfd pf[64];
		int who[64], np = 0;
		for (int i = 0; i < next; i++)
			for (int k = 0; k < 2 && !c[i].done; k++)
				if (c[i].fd[k] >= 0) {
					pf[np].fd = c[i].fd[k];
					pf[np].events = POLLIN;
					pf[np].revents = 0;
					who[np++] = i * 2 + k;
				}
		poll(pf, (nfds_t)np, 10);
		for (int j = 0; j < np; j++)
			if (pf[j].revents)
				child_read(&c[who[j] / 2], who[j] % 2);
		for (int i = 0; i < next; i++) {
			struct child *x = &c[i];
			if (x->done)
				continue;
			if (x->fd[0] < 0 && x->fd[1] < 0)
				child_finish(x, 0);
			else if (stress_now() - x->start > x->timeout)
				child_finish(x, 1);
			if (x->done) {
				running--;
				finished++;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		results[i] = c[i].result;
		if (stderrs)
			stderrs[i] = strdup(c[i].buf[1]);
	}
	free(c);
}

static int matches(const struct row *r, int got)
{
	return got == r->want || (r->alt != R_NONE && got == r->alt);
}

static int run_table(int on_fx)
{
	int *which = malloc(sizeof(int) * NROWS), n = 0;
	for (int i = 0; i < NROWS; i++)
		if (!on_fx || rows[i].want != R_UB)
			which[n++] = i;
	int *res = malloc(sizeof(int) * (size_t)n);
	char **errs = calloc((size_t)n, sizeof(char *));
	run_rows(which, n, res, errs);
	int failures = 0, skipped = 0, differs = 0;
	for (int k = 0; k < n; k++) {
		const struct row *r = &rows[which[k]];
		char b1[64], b2[160], b3[64];
		int ok;
		if (on_fx) {
			ok = matches(r, res[k]) || res[k] == R_SKIP;
			skipped += res[k] == R_SKIP;
		} else {
			ok = res[k] == r->glibc;
			if (r->want != R_UB && !matches(r, res[k]))
				differs++;
		}
		required_text(r, b2, sizeof b2);
		if (!ok) {
			failures++;
			if (on_fx)
				printf("FAIL row %d: %s, %s: got %s, required %s\n",
				       which[k], r->fn, r->input,
				       result_name(res[k], b1, sizeof b1), b2);
			else
				printf("FAIL row %d: %s, %s: glibc gave %s, the "
				       "table's glibc column says %s\n",
				       which[k], r->fn, r->input,
				       result_name(res[k], b1, sizeof b1),
				       result_name(r->glibc, b3, sizeof b3));
			if (errs[k] && *errs[k])
				printf("  stderr: %s", errs[k]);
		} else if (opt_verbose) {
			printf("ok   row %d: %s, %s: %s\n", which[k], r->fn,
			       r->input, result_name(res[k], b1, sizeof b1));
		}
		free(errs[k]);
	}
	if (on_fx)
		printf("%s bad_input: %d rows run on fxpthread, %d wrong, %d "
		       "skipped (undefined-behaviour rows: see --check)\n",
		       failures ? "FAIL" : "PASS", n, failures, skipped);
	else
		printf("%s bad_input: %d rows run on glibc, %d differ from the "
		       "recorded glibc column; glibc differs from the required "
		       "result in %d rows\n",
		       failures ? "FAIL" : "PASS", n, failures, differs);
	return failures ? 1 : 0;
}

/* Each undefined-behaviour row, under the diagnostics library. */
static int run_check(void)
{
	int *which = malloc(sizeof(int) * NROWS), n = 0;
	for (int i = 0; i < NROWS; i++)
		if (rows[i].want == R_UB)
			which[n++] = i;
	int *res = malloc(sizeof(int) * (size_t)n);
	char **errs = calloc((size_t)n, sizeof(char *));
	run_rows(which, n, res, errs);
	int missed = 0;
	for (int k = 0; k < n; k++) {
		const struct row *r = &rows[which[k]];
		int caught = res[k] == R_SIGNAL(SIGABRT) && errs[k] &&
			     strstr(errs[k], "fxpthread-diag: error");
		char b[64];
		if (!caught) {
			missed++;
			printf("FAIL row %d: %s, %s: not caught by FXPTHREAD_CHECK "
			       "(%s)\n",
			       which[k], r->fn, r->input,
			       result_name(res[k], b, sizeof b));
		} else if (opt_verbose) {
			char *nl = strchr(errs[k], '\n');
			if (nl)
				*nl = 0;
			printf("ok   row %d: %s, %s: %s\n", which[k], r->fn,
			       r->input, errs[k]);
		}
		free(errs[k]);
	}
	printf("%s bad_input --check: %d undefined-behaviour rows, %d caught, "
	       "%d not\n",
	       missed ? "FAIL" : "PASS", n, n - missed, missed);
	return missed ? 1 : 0;
}

int main(int argc, char **argv)
{
	stress.name = "bad_input";
	check_coverage();
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-j") && i + 1 < argc)
			opt_jobs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			opt_timeout_ms = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-v"))
			opt_verbose = 1;
		else
			break;
	}
	if (opt_jobs < 1)
		opt_jobs = 1;
	if (opt_jobs > 31)
		opt_jobs = 31;
	if (i < argc && !strcmp(argv[i], "--markdown")) {
		print_markdown();
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "--names")) {
		for (int k = 0; k < NNAMES; k++)
			printf("%s\n", names[k]);
		return 0;
	}
	if (i + 1 < argc && !strcmp(argv[i], "--row")) {
		int r = atoi(argv[i + 1]);
		if (r < 0 || r >= NROWS)
			return 2;
		int v = run_row_here(r);
		printf("RESULT %d\n", v);
		fflush(stdout);
		_exit(0);
	}
	if (i + 1 < argc && !strcmp(argv[i], "--check")) {
		check_lib = argv[i + 1];
		return run_check();
	}
	if (i < argc) {
		fprintf(stderr, "usage: bad_input [-j N] [-t MS] [-v] "
				"[--markdown | --names | --row N | --check DIAGLIB]\n");
		return 2;
	}
	on_glibc = !stress_on_fxpthread();
	return run_table(!on_glibc);
}
