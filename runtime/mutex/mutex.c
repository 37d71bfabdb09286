/* Mutex core: the 0/1/2 word shared by the NORMAL, ADAPTIVE, ERRORCHECK
 * and RECURSIVE types (private or process-shared).
 *
 *   lock word   meaning                         who writes it
 *   0           unlocked                        the unlocking owner
 *   1           locked, nobody asleep           a locker, by CAS 0 -> 1
 *   2           locked, sleepers possible       a locker, by CAS -> 2
 *
 * Private words add parking marks (PARKED, WOKEN) and their waiters sleep
 * in park.c instead of on the word (docs/mutex.md#parking); process-shared
 * words keep the kernel queue and the hand-off states 3 and 6 below.
 * owner (errorcheck/recursive only) is written by the owner alone: set
 * after acquiring, cleared before releasing, so reading one's own TID
 * there proves ownership.  count is the recursion depth beyond the first
 * lock, owner-only.  Robust and PI kinds use a TID-owned word instead
 * (mutex_tid.c).  Full state machine and proofs: docs/mutex.md.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include "fx/fast.h"
#include "fx/futex.h"
#include "fx/internal.h"

FX_HIDDEN int fx_pp_enter(uint32_t kind);
FX_HIDDEN void fx_pp_leave(int ceiling);

int fx_mutex_init(fx_mutex_t *m, const uint32_t *attr)
{
	uint32_t a = attr ? *attr : 0;
	/* A robust ceiling mutex is refused, as by glibc: the ceiling
	 * bookkeeping lives in the 0/1/2 path, robust words in the
	 * TID-owned one. */
	if ((a & FX_MUTEX_ROBUST) &&
	    ((a >> FX_MATTR_PROTO_SHIFT) & 3u) == 2)
		return ENOTSUP;
	/* Attribute bits are laid out like kind (docs/layout.md). */
	fx_mutex_t init = { .kind = a & ~(3u << FX_MATTR_PROTO_SHIFT) };
	uint32_t proto = (a >> FX_MATTR_PROTO_SHIFT) & 3u;
	if (proto == 1)
		init.kind |= FX_MUTEX_PI;
	else if (proto == 2) {
		init.kind |= FX_MUTEX_PP;
		if (!(init.kind & FX_MUTEX_CEILING_MASK)) /* unset: lowest */
			init.kind |= (uint32_t)sched_get_priority_min(SCHED_FIFO)
				     << FX_MUTEX_CEILING_SHIFT;
	}
	else
		init.kind &= ~FX_MUTEX_CEILING_MASK;
	*m = init;
	return 0;
}

int fx_mutex_destroy(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	uint32_t v = fx_load_relaxed(&m->lock);
	/* glibc answers EBUSY for a locked mutex; so do we.  A robust mutex
	 * that is not recoverable has a zero word and may be destroyed. */
	if ((kind & FX_MUTEX_TID_OWNED) ? (v & FUTEX_TID_MASK) != 0 : v != 0)
		return EBUSY;
	/* Poison the kind so that use after destroy takes the slow path and
	 * fails with EINVAL instead of working by accident. */
	fx_store_relaxed(&m->kind, UINT32_MAX);
	return 0;
}

/* Sleep until the 0/1/2 word is ours (docs/mutex.md#word-012).  Spins
 * first (bounded, and only with more than one CPU: a spinner on one CPU
 * only delays the owner), taking the word only from 0.  Then it marks the
 * word contended and parks.  Every acquisition after a sleep leaves the
 * word contended, because another sleeper may remain.
 *
 * Hand-off (docs/mutex.md#handoff): a thread that has slept and still
 * waits after fx_config.handoff_ns marks the word CONTENDED|HANDOFF_REQ;
 * the next unlock then leaves the word HANDED (still held) and wakes the
 * longest sleeper, which alone may take it.  Newcomers and spinners
 * never take a HANDED word, so a waiter cannot be overtaken forever. */
int fx_mutex_lock_012_wait(fx_mutex_t *m, clockid_t clock,
			   const struct timespec *abs, int spin)
{
	uint32_t *w = &m->lock;
	int shared = fx_load_relaxed(&m->kind) & FX_MUTEX_PSHARED;

	if (spin) {
		int budget = fx_spin_budget_of(&m->spins, spin);
		for (int i = 0; i < budget; i++) {
			uint32_t v = fx_load_relaxed(w);
			if (fx_word012_take(w, &v, 0)) {
				fx_spin_learn(&m->spins, budget, spin, 1);
				return 0;
			}
			fx_cpu_relax();
		}
		fx_spin_learn(&m->spins, budget, spin, 0);
	}
	int r = fx_deadline_check(clock, abs);
	if (r)
		return r;
	if (!shared)
		return fx_mutex_park_lock(m, clock, abs);
	int slept = 0;
	long long since = 0;
	uint32_t want = FX_CONTENDED;
	for (;;) {
		uint32_t v = fx_load_relaxed(w);
		if (v == FX_UNLOCKED) {
			if (fx_cas_acquire(w, &v, FX_CONTENDED))
				return 0;
			continue;
		}
		if (v == FX_HANDED) {
			/* Reserved for a woken sleeper; a newcomer waits. */
			if (slept && fx_cas_acquire(w, &v, FX_CONTENDED))
				return 0;
			if (slept)
				continue;
		} else if (v != want && v != FX_CONTENDED_STARVING) {
			if (!fx_cas_acquire(w, &v, want))
				continue;
			v = want;
		}
		r = fx_futex_wait(w, v, shared, clock, abs);
		if (r == -ETIMEDOUT) {
			/* Take a hand-off made for us, or withdraw our request
			 * so that no unlock hands the mutex to nobody. */
			for (;;) {
				v = fx_load_relaxed(w);
				if (v == FX_HANDED) {
					if (fx_cas_acquire(w, &v, FX_CONTENDED))
						return 0;
					continue;
				}
				if (v == FX_CONTENDED_STARVING &&
				    want == FX_CONTENDED_STARVING &&
				    !fx_cas_acquire(w, &v, FX_CONTENDED))
					continue;
				return ETIMEDOUT;
			}
		}
		if (!slept++)
			since = fx_now_ns(CLOCK_MONOTONIC);
		else if (want == FX_CONTENDED && fx_now_ns(CLOCK_MONOTONIC) - since >
							 fx_config.handoff_ns)
			want = FX_CONTENDED_STARVING;
	}
}

/* Unlock of a 0/1/2 mutex word that was not simply 1 (fast.h).  A CAS,
 * never an exchange: a parker may add PARKED to the word at any time
 * until it is free, and the release must see it. */
void fx_mutex_release012_slow(uint32_t *w, uint32_t v, int shared)
{
	for (;;) {
		if (v & (FX_PARKED | FX_WOKEN)) {
			fx_mutex_park_release((fx_mutex_t *)w, v);
			return;
		}
		if (v == FX_CONTENDED_STARVING) {
			if (!fx_cas_release(w, &v, FX_HANDED))
				continue;
			/* Held for a thread that has slept: the one this wake
			 * finds, or else the asker, which is awake and takes
			 * it on its next look (a timed-out asker takes it or
			 * withdraws first).  The wake is the last access. */
			fx_futex_wake(w, 1, shared);
			return;
		}
		if (fx_cas_release(w, &v, FX_UNLOCKED)) {
			if (v != FX_LOCKED)
				fx_futex_wake(w, 1, shared);
			return;
		}
	}
}

/* Trylock of a word that was not 0 (v): a free word with PARKED is taken,
 * keeping the mark (docs/mutex.md#parking). */
int fx_mutex_trylock_free(fx_mutex_t *m, uint32_t v)
{
	return fx_word012_take_free(&m->lock, v) ? 0 : EBUSY;
}

/* PTHREAD_MUTEX_ADAPTIVE_NP asks for spinning (twice FXPTHREAD_SPIN);
 * the other kinds spin FXPTHREAD_MUTEX_SPIN, 0 unless set. */
static int fx_spin_budget(uint32_t kind)
{
	if ((kind & FX_MUTEX_TYPE_MASK) == FX_MUTEX_ADAPTIVE)
		return fx_config.spin * 2;
	return fx_config.ncpu > 1 ? fx_config.mutex_spin : 0;
}

/* Lock of a 0/1/2 mutex without PP, robust or PI flags whose first CAS
 * found v instead of 0 (fast.h for kind 0; the condvar re-acquire for any
 * such kind, which sets owner itself).  While threads are parked the free
 * word carries their marks, and the owner re-locks it here with one CAS
 * more instead of going through the general path, which would try 0 again
 * (docs/mutex.md#parking). */
int fx_mutex_lock_busy(fx_mutex_t *m, uint32_t kind, uint32_t v)
{
	if (fx_word012_take_free(&m->lock, v))
		return 0;
	return fx_mutex_lock_012_wait(m, CLOCK_REALTIME, 0,
				      fx_spin_budget(kind));
}

int fx_mutex_lock_slow(fx_mutex_t *m, clockid_t clock,
		       const struct timespec *abs, int try)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	uint32_t type = kind & FX_MUTEX_TYPE_MASK;
	uint32_t expected;

	if (fx_unlikely(kind == UINT32_MAX))
		return EINVAL; /* destroyed */
	if (kind & FX_MUTEX_TID_OWNED)
		return fx_mutex_lock_tid(m, kind, clock, abs, try);
	if (fx_unlikely(abs && !try && !fx_clock_supported(clock)))
		return EINVAL;

	pid_t tid = 0;
	if (type == FX_MUTEX_RECURSIVE || type == FX_MUTEX_ERRORCHECK) {
		tid = fx_tid();
		if (fx_load_relaxed(&m->owner) == (uint32_t)tid) {
			if (type == FX_MUTEX_ERRORCHECK)
				return try ? EBUSY : EDEADLK;
			if (m->count == UINT32_MAX)
				return EAGAIN;
			m->count++;
			return 0;
		}
	}
	int ceiling = 0;
	if (kind & FX_MUTEX_PP) {
		ceiling = fx_pp_enter(kind);
		if (ceiling < 0)
			return -ceiling;
	}
	expected = FX_UNLOCKED;
	if (!fx_cas_acquire(&m->lock, &expected, FX_LOCKED)) {
		int r = try ? fx_mutex_trylock_free(m, expected)
			    : fx_mutex_lock_012_wait(m, clock, abs,
						     fx_spin_budget(kind));
		if (r) {
			if (kind & FX_MUTEX_PP)
				fx_pp_leave(ceiling);
			return r;
		}
	}
	/* The ceiling we raised ourselves for, for the unlock to undo even
	 * if pthread_mutex_setprioceiling changes it meanwhile. */
	if (kind & FX_MUTEX_PP)
		fx_store_relaxed(&m->state, (uint32_t)ceiling);
	if (tid) {
		fx_store_relaxed(&m->owner, (uint32_t)tid);
		m->count = 0;
	}
	return 0;
}

/* The uncontended paths of recursive and error-checking mutexes without
 * PP, robust or PI flags (FX_MUTEX_OWNED_012, reached from fast.h by a
 * tail call).  `owner` and `count` are written only by the owner, so a
 * plain load of `owner` tells whether the caller holds the mutex; a busy
 * word or a count at its limit goes to the general path, which decides
 * again from scratch (docs/mutex.md#owner-checked). */
int fx_mutex_lock_owned(fx_mutex_t *m, uint32_t kind, int try)
{
	uint32_t tid = (uint32_t)fx_tid();
	if (fx_load_relaxed(&m->owner) != tid) {
		uint32_t expected = FX_UNLOCKED;
		if (fx_likely(fx_cas_acquire(&m->lock, &expected, FX_LOCKED))) {
			fx_store_relaxed(&m->owner, tid);
			m->count = 0;
			return 0;
		}
	} else if ((kind & FX_MUTEX_TYPE_MASK) == FX_MUTEX_RECURSIVE &&
		   fx_likely(m->count != UINT32_MAX)) {
		m->count++;
		return 0;
	}
	return fx_mutex_lock_slow(m, CLOCK_REALTIME, 0, try);
}

int fx_mutex_unlock_owned(fx_mutex_t *m, uint32_t kind)
{
	if (fx_unlikely(fx_load_relaxed(&m->owner) != (uint32_t)fx_tid()))
		return EPERM;
	if (m->count) {
		m->count--;
		return 0;
	}
	fx_store_relaxed(&m->owner, 0);
	fx_mutex_release012(m, kind & FX_MUTEX_PSHARED);
	return 0;
}

int fx_mutex_unlock_slow(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	uint32_t type = kind & FX_MUTEX_TYPE_MASK;

	if (fx_unlikely(kind == UINT32_MAX))
		return EINVAL;
	if (kind & FX_MUTEX_TID_OWNED)
		return fx_mutex_unlock_tid(m, kind);
	if (type == FX_MUTEX_RECURSIVE || type == FX_MUTEX_ERRORCHECK) {
		if (fx_load_relaxed(&m->owner) != (uint32_t)fx_tid())
			return EPERM;
		if (m->count) {
			m->count--;
			return 0;
		}
		fx_store_relaxed(&m->owner, 0);
	}
	int ceiling = (int)fx_load_relaxed(&m->state);
	fx_mutex_release012(m, kind & FX_MUTEX_PSHARED);
	if (kind & FX_MUTEX_PP)
		fx_pp_leave(ceiling);
	return 0;
}

/* Condvar hand-off (docs/cond.md#mutex-handoff): release completely,
 * remembering the recursion depth; EPERM where unlock would say it. */
int fx_mutex_cond_release(fx_mutex_t *m, uint32_t *depth)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	uint32_t type = kind & FX_MUTEX_TYPE_MASK;
	*depth = 0;
	if (kind == UINT32_MAX)
		return EINVAL;
	if (type == FX_MUTEX_RECURSIVE || type == FX_MUTEX_ERRORCHECK ||
	    (kind & FX_MUTEX_TID_OWNED)) {
		if (fx_load_relaxed(&m->owner) != (uint32_t)fx_tid() &&
		    (!(kind & FX_MUTEX_TID_OWNED) ||
		     (fx_load_relaxed(&m->lock) & FUTEX_TID_MASK) !=
			     (uint32_t)fx_tid()))
			return EPERM;
		*depth = m->count;
		m->count = 0;
	}
	if ((kind & ~FX_MUTEX_PSHARED) == 0) {
		fx_mutex_release012(m, kind & FX_MUTEX_PSHARED);
		return 0;
	}
	return fx_mutex_unlock_slow(m);
}

/* Take the mutex back after a condvar wait.  `requeued`: a requeueing
 * broadcast happened during the wait (C6 in docs/cond.md), so the waiter
 * may have been requeued onto the 0/1/2 word, or woken by a broadcast that
 * requeued others, and it must mark the word 2 when it takes it: other
 * requeued waiters may sleep there, and only the 2 makes the next unlock
 * wake one of them.  Otherwise it locks as any locker does. */
int fx_mutex_cond_reacquire(fx_mutex_t *m, uint32_t depth, int requeued)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	int r;
	if (kind & (FX_MUTEX_TID_OWNED | FX_MUTEX_PP)) {
		r = fx_mutex_lock_slow(m, CLOCK_REALTIME, 0, 0);
	} else {
		int shared = kind & FX_MUTEX_PSHARED;
		for (;;) {
			/* A woken waiter often finds the mutex about to be
			 * released: a short look saves a sleep and a wake. */
			for (int i = 0; i < fx_config.spin &&
					!FX_WORD_FREE(fx_load_relaxed(&m->lock));
			     i++)
				fx_cpu_relax();
			if (!requeued) {
				/* Never asleep on the word (C6 in
				 * docs/cond.md): an ordinary lock, which
				 * leaves the word 1 and parks if it must. */
				uint32_t v = FX_UNLOCKED;
				if (!fx_cas_acquire(&m->lock, &v, FX_LOCKED))
					(void)fx_mutex_lock_busy(m, kind, v);
				break;
			}
			/* Requeued, or woken by a broadcast that requeued
			 * others: mark the word 2, so that the unlock wakes
			 * whoever still sleeps on it.  HANDED: a hand-off
			 * meant for a woken sleeper, which we are (or may as
			 * well be); the CAS took it.  Keeps PARKED
			 * (docs/mutex.md#parking). */
			uint32_t v = fx_load_relaxed(&m->lock), nv;
			do
				nv = (v & (FX_PARKED | FX_WOKEN_MASK)) |
				     FX_CONTENDED;
			while (!fx_cas_acquire(&m->lock, &v, nv));
			if (FX_WORD_FREE(v) || v == FX_HANDED)
				break;
			fx_futex_wait(&m->lock, nv, shared, CLOCK_REALTIME, 0);
		}
		uint32_t type = kind & FX_MUTEX_TYPE_MASK;
		if (type == FX_MUTEX_RECURSIVE || type == FX_MUTEX_ERRORCHECK)
			fx_store_relaxed(&m->owner, (uint32_t)fx_tid());
		r = 0;
	}
	if (r == 0 || r == EOWNERDEAD)
		m->count = depth;
	return r;
}

void fx_lock012(uint32_t *w, int shared)
{
	uint32_t expected = FX_UNLOCKED;
	if (fx_cas_acquire(w, &expected, FX_LOCKED))
		return;
	for (int i = 0; i < fx_config.spin; i++) {
		expected = fx_load_relaxed(w);
		if (expected == FX_UNLOCKED &&
		    fx_cas_acquire(w, &expected, FX_LOCKED))
			return;
		fx_cpu_relax();
	}
	while (fx_xchg_acquire(w, FX_CONTENDED) != FX_UNLOCKED)
		fx_futex_wait(w, FX_CONTENDED, shared, CLOCK_REALTIME, 0);
}

void fx_unlock012(uint32_t *w, int shared)
{
	fx_word012_release(w, shared);
}
