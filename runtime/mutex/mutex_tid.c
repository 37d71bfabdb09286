/* TID-owned mutexes: robust and priority-inheritance kinds.
 *
 * The word holds the owner's kernel TID plus the kernel's FUTEX_WAITERS
 * and FUTEX_OWNER_DIED bits, so the kernel itself can (a) release the
 * lock of a dead owner by walking its robust list and (b) boost the owner
 * of a PI word.  The states and transitions, and the race that
 * list_op_pending closes, are in docs/mutex.md#tid-owned and
 * docs/robust.md.
 *
 *   word                          meaning
 *   0                             free
 *   TID                           owned, no sleeper
 *   TID | FUTEX_WAITERS           owned, sleepers possible
 *   FUTEX_OWNER_DIED [| WAITERS]  owner died (written by the kernel)
 *
 * `state` (robust only) is written by the owner: INCONSISTENT after an
 * EOWNERDEAD acquisition, NOTRECOVERABLE when it is unlocked without
 * pthread_mutex_consistent(); NOTRECOVERABLE is final.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include "fx/futex.h"
#include "fx/internal.h"


/* Robust list entries are the address of node.next; bit 0 of a link
 * marks a PI futex for the kernel (set_robust_list(2)). */
static inline void *entry_of(fx_mutex_t *m, uint32_t kind)
{
	uintptr_t e = (uintptr_t)&m->node.next;
	return (void *)(e | ((kind & FX_MUTEX_PI) ? 1u : 0u));
}

static inline fx_mutex_t *mutex_of_link(void *link)
{
	uintptr_t e = (uintptr_t)link & ~(uintptr_t)1;
	return (fx_mutex_t *)(e - offsetof(fx_mutex_t, node.next));
}

static inline void pending_set(void *entry)
{
	fx_store_relaxed(&fx_self_tls.robust.list_op_pending, entry);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* Called with list_op_pending naming m and m's word owned by us. */
static void robust_link(fx_mutex_t *m, uint32_t kind)
{
	struct fx_robust_head *h = &fx_self_tls.robust;
	void *first = h->list;
	m->node.next = first;
	m->node.prev = h;
	if (((uintptr_t)first & ~(uintptr_t)1) != (uintptr_t)h)
		mutex_of_link(first)->node.prev = &m->node.next;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	h->list = entry_of(m, kind);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static void robust_unlink(fx_mutex_t *m)
{
	void **prevcell = (void **)m->node.prev;
	void *next = m->node.next;
	*prevcell = next; /* keeps the PI bit of next's link */
	if (((uintptr_t)next & ~(uintptr_t)1) !=
	    (uintptr_t)&fx_self_tls.robust)
		mutex_of_link(next)->node.prev = prevcell;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* Bookkeeping once the word is ours.  died: taken from a dead owner. */
static int acquired(fx_mutex_t *m, uint32_t kind, pid_t tid, int died)
{
	if (kind & FX_MUTEX_ROBUST) {
		robust_link(m, kind);
		pending_set(0);
	}
	fx_store_relaxed(&m->owner, (uint32_t)tid);
	m->count = 0;
	if (died) {
		fx_store_relaxed(&m->state, FX_ROBUST_INCONSISTENT);
		return EOWNERDEAD;
	}
	if ((kind & FX_MUTEX_ROBUST) &&
	    fx_load_relaxed(&m->state) == FX_ROBUST_NOTRECOVERABLE) {
		/* Became unrecoverable while we waited: give it back. */
		fx_mutex_unlock_tid(m, kind);
		return ENOTRECOVERABLE;
	}
	return 0;
}

/* FUTEX_LOCK_PI2, or where the kernel lacks it (Linux before 5.14, and
 * valgrind) FUTEX_LOCK_PI, whose deadline is on CLOCK_REALTIME only.  A
 * CLOCK_MONOTONIC deadline is then translated to the realtime clock, and
 * translated again whenever the wait times out before the monotonic
 * deadline (the realtime clock was set forward meanwhile). */
static int lock_pi_wait(fx_mutex_t *m, int shared, clockid_t clock,
			const struct timespec *abs)
{
	int r = fx_futex_lock_pi(&m->lock, shared, clock, abs);
	if (r != -ENOSYS || !abs || clock == CLOCK_REALTIME)
		return r;
	/* In nanoseconds, saturated: a deadline beyond 2262 (TIME_MAX
	 * included) is no deadline. */
	long long deadline =
		abs->tv_sec >= LLONG_MAX / 1000000000LL
			? LLONG_MAX
			: (long long)abs->tv_sec * 1000000000LL + abs->tv_nsec;
	for (;;) {
		long long left = deadline - fx_now_ns(CLOCK_MONOTONIC);
		if (left <= 0)
			return -ETIMEDOUT;
		long long now = fx_now_ns(CLOCK_REALTIME);
		if (left > LLONG_MAX - now)
			return fx_futex_lock_pi(&m->lock, shared, CLOCK_REALTIME,
						0);
		long long at = now + left;
		struct timespec rt = { .tv_sec = (time_t)(at / 1000000000LL),
				       .tv_nsec = (long)(at % 1000000000LL) };
		r = fx_futex_lock_pi(&m->lock, shared, CLOCK_REALTIME, &rt);
		if (r != -ETIMEDOUT)
			return r;
	}
}

static int lock_pi(fx_mutex_t *m, uint32_t kind, pid_t tid, clockid_t clock,
		   const struct timespec *abs, int try)
{
	int shared = kind & FX_MUTEX_PSHARED;
	uint32_t v = 0;
	if (fx_cas_acquire(&m->lock, &v, (uint32_t)tid))
		return acquired(m, kind, tid, 0);
	if (try) {
		/* Only the kernel may take a word with a dead owner or
		 * waiters queued on its pi_state. */
		if (!(v & FUTEX_OWNER_DIED))
			return EBUSY;
		int r = fx_futex_trylock_pi(&m->lock, shared);
		if (r)
			return EBUSY;
	} else {
		int r = fx_deadline_check(clock, abs);
		if (r)
			return r;
		do
			r = lock_pi_wait(m, shared, clock, abs);
		while (r == -EINTR || r == -EAGAIN);
		if (r == -ETIMEDOUT)
			return ETIMEDOUT;
		if (r == -EDEADLK)
			return EDEADLK;
		if (r)
			return EINVAL;
	}
	return fx_mutex_pi_adopt(m);
}

/* The kernel made us the owner of a PI word (FUTEX_LOCK_PI, TRYLOCK_PI, or
 * a condvar's FUTEX_WAIT_REQUEUE_PI): finish the bookkeeping. */
int fx_mutex_pi_adopt(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	pid_t tid = fx_tid();
	uint32_t v = fx_load_relaxed(&m->lock);
	if (v & FUTEX_OWNER_DIED) {
		fx_fetch_and_seqcst(&m->lock, ~(uint32_t)FUTEX_OWNER_DIED);
		return acquired(m, kind, tid, (kind & FX_MUTEX_ROBUST) != 0);
	}
	return acquired(m, kind, tid, 0);
}

/* Announce to the kernel that m may become ours while we sleep in the
 * kernel on its behalf (robust PI mutex and FUTEX_WAIT_REQUEUE_PI). */
void fx_mutex_robust_pending(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (!(kind & FX_MUTEX_ROBUST))
		return;
	if (fx_unlikely(!fx_self_tls.robust_registered))
		fx_robust_register();
	pending_set(entry_of(m, kind));
}

void fx_mutex_robust_pending_clear(void)
{
	pending_set(0);
}

/* Robust words always sleep and wake with the shared futex operations,
 * even for a process-private mutex: when an owner dies, the kernel
 * releases its word and wakes a waiter with a shared FUTEX_WAKE, which
 * never reaches a thread that slept with FUTEX_PRIVATE_FLAG. */
#define ROBUST_FUTEX_SHARED 1

static int lock_robust(fx_mutex_t *m, uint32_t kind, pid_t tid,
		       clockid_t clock, const struct timespec *abs, int try)
{
	const int shared = ROBUST_FUTEX_SHARED;
	uint32_t mark = 0; /* FUTEX_WAITERS once we have slept */
	for (;;) {
		uint32_t v = fx_load_relaxed(&m->lock);
		if (v == 0) {
			if (fx_cas_acquire(&m->lock, &v, (uint32_t)tid | mark))
				return acquired(m, kind, tid, 0);
			continue;
		}
		if ((v & FUTEX_OWNER_DIED) && !(v & FUTEX_TID_MASK)) {
			/* The kernel released a dead owner's lock; the first
			 * to claim it inherits the inconsistent state. */
			uint32_t nv = (uint32_t)tid | (v & FUTEX_WAITERS) | mark;
			if (fx_cas_acquire(&m->lock, &v, nv))
				return acquired(m, kind, tid, 1);
			continue;
		}
		if (try)
			return EBUSY;
		if (fx_load_relaxed(&m->state) == FX_ROBUST_NOTRECOVERABLE)
			return ENOTRECOVERABLE;
		if (abs && abs->tv_sec < 0)
			return ETIMEDOUT; /* the kernel would say EINVAL */
		if (!(v & FUTEX_WAITERS)) {
			if (!fx_cas_acquire(&m->lock, &v, v | FUTEX_WAITERS))
				continue;
			v |= FUTEX_WAITERS;
		}
		int r = fx_futex_wait(&m->lock, v, shared, clock, abs);
		if (r == -ETIMEDOUT)
			return ETIMEDOUT;
		if (r == -EINVAL)
			return EINVAL;
		mark = FUTEX_WAITERS;
	}
}

static int self_deadlock(clockid_t clock, const struct timespec *abs)
{
	uint32_t never = 0;
	int r = fx_deadline_check(clock, abs);
	if (r)
		return r;
	for (;;)
		if (fx_futex_wait(&never, 0, 0, clock, abs) == -ETIMEDOUT)
			return ETIMEDOUT;
}

int fx_mutex_lock_tid(fx_mutex_t *m, uint32_t kind, clockid_t clock,
		      const struct timespec *abs, int try)
{
	pid_t tid = fx_tid();
	uint32_t type = kind & FX_MUTEX_TYPE_MASK;
	int robust = kind & FX_MUTEX_ROBUST;

	if (robust && fx_load_relaxed(&m->state) == FX_ROBUST_NOTRECOVERABLE)
		return ENOTRECOVERABLE;
	if ((fx_load_relaxed(&m->lock) & FUTEX_TID_MASK) == (uint32_t)tid) {
		if (type == FX_MUTEX_RECURSIVE) {
			if (m->count == UINT32_MAX)
				return EAGAIN;
			m->count++;
			return 0;
		}
		if (try)
			return EBUSY;
		if (type == FX_MUTEX_ERRORCHECK)
			return EDEADLK;
		/* NORMAL: POSIX says relocking deadlocks, and so it does here
		 * (the kernel would refuse a PI relock with EDEADLK, which
		 * NORMAL must not report) — until the deadline, if any. */
		return self_deadlock(clock, abs);
	}
	if (!try && abs) {
		if (fx_timespec_invalid(abs) || !fx_clock_supported(clock))
			return EINVAL;
	}
	if (robust) {
		if (fx_unlikely(!fx_self_tls.robust_registered))
			fx_robust_register();
		pending_set(entry_of(m, kind));
	}
	int r = (kind & FX_MUTEX_PI) ? lock_pi(m, kind, tid, clock, abs, try)
				     : lock_robust(m, kind, tid, clock, abs, try);
	if (robust && r != 0 && r != EOWNERDEAD)
		pending_set(0);
	return r;
}

/* Release by the owner `tid` with no recursion left (docs/mutex.md
 * #tid-owned): list_op_pending names the mutex while it leaves the robust
 * list and the word is freed; a PI word with sleepers goes back through
 * the kernel, a robust one wakes nwake sleepers.  After the release only
 * syscalls and this thread's own list head are touched. */
static inline void release(fx_mutex_t *m, uint32_t kind, uint32_t tid,
			   int nwake)
{
	int robust = kind & FX_MUTEX_ROBUST;
	fx_store_relaxed(&m->owner, 0);
	if (robust) {
		pending_set(entry_of(m, kind));
		robust_unlink(m);
	}
	if (kind & FX_MUTEX_PI) {
		uint32_t v = tid;
		if (!fx_cas_release(&m->lock, &v, 0))
			fx_futex_unlock_pi(&m->lock, kind & FX_MUTEX_PSHARED);
	} else if (fx_xchg_release(&m->lock, 0) & FUTEX_WAITERS) {
		fx_futex_wake(&m->lock, nwake, ROBUST_FUTEX_SHARED);
	}
	if (robust)
		pending_set(0);
}

int fx_mutex_unlock_tid(fx_mutex_t *m, uint32_t kind)
{
	pid_t tid = fx_tid();
	int robust = kind & FX_MUTEX_ROBUST;
	int nwake = 1;

	if ((fx_load_relaxed(&m->lock) & FUTEX_TID_MASK) != (uint32_t)tid)
		return EPERM;
	if (m->count) {
		m->count--;
		return 0;
	}
	if (robust && fx_load_relaxed(&m->state) != FX_ROBUST_CONSISTENT) {
		/* Unlocked while inconsistent: unusable for everyone, and
		 * every sleeper must hear it. */
		fx_store_relaxed(&m->state, FX_ROBUST_NOTRECOVERABLE);
		nwake = INT_MAX;
	}
	release(m, kind, (uint32_t)tid, nwake);
	return 0;
}

/* The uncontended paths of robust and PI mutexes without the PP flag
 * (FX_MUTEX_TID_PLAIN in fast.h, reached by a tail call): the same steps
 * as fx_mutex_lock_tid (acquired()) and fx_mutex_unlock_tid (release())
 * with list_op_pending around every change of the word and of the list
 * (docs/robust.md), without their dispatch.  Anything else (a thread not
 * yet registered, a busy word, a relock, a recursion count, a robust
 * state other than consistent) takes the general path, which decides
 * again from scratch. */
int fx_mutex_lock_tid_fast(fx_mutex_t *m, uint32_t kind, int try)
{
	uint32_t tid = (uint32_t)fx_self_tls.tid;
	int robust = kind & FX_MUTEX_ROBUST;
	if (fx_likely(tid != 0) &&
	    (!robust || fx_likely(fx_self_tls.robust_registered &&
				  fx_load_relaxed(&m->state) ==
					  FX_ROBUST_CONSISTENT))) {
		uint32_t v = 0;
		if (robust)
			pending_set(entry_of(m, kind));
		if (fx_likely(fx_cas_acquire(&m->lock, &v, tid)))
			return acquired(m, kind, (pid_t)tid, 0);
		if (robust)
			pending_set(0);
	}
	return fx_mutex_lock_tid(m, kind, CLOCK_REALTIME, 0, try);
}

int fx_mutex_unlock_tid_fast(fx_mutex_t *m, uint32_t kind)
{
	uint32_t tid = (uint32_t)fx_self_tls.tid;
	int robust = kind & FX_MUTEX_ROBUST;
	if (fx_unlikely(tid == 0 ||
			(fx_load_relaxed(&m->lock) & FUTEX_TID_MASK) != tid ||
			m->count != 0 ||
			(robust && fx_load_relaxed(&m->state) !=
					   FX_ROBUST_CONSISTENT)))
		return fx_mutex_unlock_tid(m, kind);
	release(m, kind, tid, 1);
	return 0;
}

int fx_mutex_consistent(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (kind == UINT32_MAX || !(kind & FX_MUTEX_ROBUST) ||
	    fx_load_relaxed(&m->state) != FX_ROBUST_INCONSISTENT ||
	    (fx_load_relaxed(&m->lock) & FUTEX_TID_MASK) != (uint32_t)fx_tid())
		return EINVAL;
	fx_store_relaxed(&m->state, FX_ROBUST_CONSISTENT);
	return 0;
}
