/* Reader-writer lock.  docs/rwlock.md has the state table and proofs.
 *
 *   state   bit 31 WRLOCKED, bit 30 READERS_WAITING, bits 0-29 readers
 *           inside.  Readers add/remove themselves by CAS; a writer takes
 *           it by CAS from "no writer, no readers"; readers that must
 *           sleep set READERS_WAITING and sleep on `state`.
 *   wseq    writers sleep here; an unlocker that sees nwwait > 0 bumps it
 *           and wakes one writer.
 *   nwwait  writers registered as waiting (counts from before their
 *           last check until they own the lock or give up).
 *   writer  TID of the write owner, for EDEADLK (owner-written).
 *   flags   glibc's kind (offset 48, so the static initializer
 *           PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP applies)
 *           plus FX_RW_PSHARED.
 *
 * R1  a writer increments nwwait, then reads wseq, then state; an
 *     unlocker changes state, then reads nwwait, then bumps wseq (all
 *     seq_cst): a writer either sees the lock free or is woken.
 * R2  READERS_WAITING is cleared only together with a wake of all
 *     readers sleeping on `state`.
 * R3  with PREFER_WRITER_NONRECURSIVE a reader does not enter while
 *     nwwait > 0, so readers cannot starve a writer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include "fx/fast.h"
#include "fx/futex.h"
#include "fx/internal.h"

#define RW_BUSY (FX_RW_WRLOCKED | FX_RW_COUNT_MASK)

static inline int rw_shared(const fx_rwlock_t *rw)
{
	return (fx_load_relaxed(&rw->flags) & FX_RW_PSHARED) != 0;
}

static inline int prefer_writer(const fx_rwlock_t *rw)
{
	return (fx_load_relaxed(&rw->flags) & FX_RW_KIND_MASK) ==
	       PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP;
}

static int check_abs(clockid_t clock, const struct timespec *abs)
{
	if (!abs)
		return 0;
	if (fx_timespec_invalid(abs) || !fx_clock_supported(clock))
		return EINVAL;
	if (abs->tv_sec < 0)
		return ETIMEDOUT;
	return 0;
}

int fx_rwlock_init(fx_rwlock_t *rw, const uint64_t *attr)
{
	fx_rwlock_t init = { 0 };
	if (attr) {
		uint32_t kind = (uint32_t)(*attr & 0xffffffffu);
		uint32_t pshared = (uint32_t)(*attr >> 32);
		init.flags = (kind & FX_RW_KIND_MASK) |
			     (pshared ? FX_RW_PSHARED : 0);
	}
	*rw = init;
	return 0;
}

/* A destroyed rwlock: every bit of state set, so that no fast path
 * succeeds, and flags all ones, which the slow paths answer with EINVAL
 * (as for a destroyed mutex) until pthread_rwlock_init. */
#define RW_DESTROYED_STATE UINT32_MAX
#define RW_DESTROYED_FLAGS UINT32_MAX

static inline int destroyed(const fx_rwlock_t *rw)
{
	return fx_load_relaxed(&rw->flags) == RW_DESTROYED_FLAGS;
}

int fx_rwlock_destroy(fx_rwlock_t *rw)
{
	if (destroyed(rw))
		return EINVAL;
	if (fx_load_relaxed(&rw->state) & RW_BUSY)
		return EBUSY;
	fx_store_relaxed(&rw->flags, RW_DESTROYED_FLAGS);
	fx_store_relaxed(&rw->state, RW_DESTROYED_STATE);
	return 0;
}

static void wake_writer(fx_rwlock_t *rw, int shared)
{
	fx_fetch_add_seqcst(&rw->wseq, 1);
	fx_futex_wake(&rw->wseq, 1, shared);
}

void fx_rwlock_wake_writer(fx_rwlock_t *rw)
{
	wake_writer(rw, rw_shared(rw));
}

static void wake_readers(fx_rwlock_t *rw, int shared)
{
	fx_fetch_and_seqcst(&rw->state, ~FX_RW_READERS_WAITING);	/* R2 */
	fx_futex_wake(&rw->state, INT_MAX, shared);
}

int fx_rwlock_rdlock_slow(fx_rwlock_t *rw, clockid_t clock,
			  const struct timespec *abs, int try)
{
	if (fx_unlikely(destroyed(rw)))
		return EINVAL;
	int shared = rw_shared(rw);
	int pw = prefer_writer(rw);
	int checked = 0;
	for (;;) {
		uint32_t s = fx_load_relaxed(&rw->state);
		if (!(s & FX_RW_WRLOCKED) &&
		    !(pw && fx_load_seqcst(&rw->nwwait) > 0)) {	/* R3 */
			if ((s & FX_RW_COUNT_MASK) == FX_RW_MAX_READERS)
				return EAGAIN;
			if (fx_cas_acquire(&rw->state, &s, s + 1))
				return 0;
			continue;
		}
		if (try)
			return EBUSY;
		if ((s & FX_RW_WRLOCKED) &&
		    fx_load_relaxed(&rw->writer) == (uint32_t)fx_tid())
			return EDEADLK;
		if (!checked) {
			int r = check_abs(clock, abs);
			if (r)
				return r;
			checked = 1;
		}
		if (!(s & FX_RW_READERS_WAITING)) {
			if (!fx_cas_seqcst(&rw->state, &s,
					   s | FX_RW_READERS_WAITING))
				continue;
			s |= FX_RW_READERS_WAITING;
		}
		if (fx_futex_wait(&rw->state, s, shared, clock, abs) ==
		    -ETIMEDOUT)
			return ETIMEDOUT;
	}
}

/* A writer gave up waiting: it may have taken the wake meant for another
 * writer, and readers may be held back only by it (R3). */
static void writer_left(fx_rwlock_t *rw, int shared)
{
	uint32_t s = fx_load_seqcst(&rw->state);
	if (fx_load_seqcst(&rw->nwwait) > 0) {
		if (!(s & RW_BUSY))
			wake_writer(rw, shared);
	} else if (s & FX_RW_READERS_WAITING) {
		wake_readers(rw, shared);
	}
}

int fx_rwlock_wrlock_slow(fx_rwlock_t *rw, clockid_t clock,
			  const struct timespec *abs, int try)
{
	if (fx_unlikely(destroyed(rw)))
		return EINVAL;
	int shared = rw_shared(rw);
	uint32_t tid = (uint32_t)fx_tid();
	int counted = 0;
	for (;;) {
		uint32_t s = fx_load_seqcst(&rw->state);
		if (!(s & RW_BUSY)) {
			if (fx_cas_acquire(&rw->state, &s,
					   s | FX_RW_WRLOCKED)) {
				if (counted)
					fx_fetch_sub_seqcst(&rw->nwwait, 1);
				fx_store_relaxed(&rw->writer, tid);
				return 0;
			}
			continue;
		}
		if (try)
			return EBUSY;
		if ((s & FX_RW_WRLOCKED) &&
		    fx_load_relaxed(&rw->writer) == tid)
			return EDEADLK;
		if (!counted) {
			int r = check_abs(clock, abs);
			if (r)
				return r;
			fx_fetch_add_seqcst(&rw->nwwait, 1);	/* R1 */
			counted = 1;
			continue;
		}
		uint32_t seq = fx_load_seqcst(&rw->wseq);
		s = fx_load_seqcst(&rw->state);
		if (!(s & RW_BUSY))
			continue;
		if (fx_futex_wait(&rw->wseq, seq, shared, clock, abs) ==
		    -ETIMEDOUT) {
			fx_fetch_sub_seqcst(&rw->nwwait, 1);
			writer_left(rw, shared);
			return ETIMEDOUT;
		}
	}
}

int fx_rwlock_unlock_slow(fx_rwlock_t *rw, uint32_t s)
{
	if (fx_unlikely(destroyed(rw)))
		return EINVAL;
	int shared = rw_shared(rw);
	if (s & FX_RW_WRLOCKED) {
		if (fx_load_relaxed(&rw->writer) != (uint32_t)fx_tid())
			return EPERM;
		fx_store_relaxed(&rw->writer, 0);
		/* Readers only set READERS_WAITING while we hold it.  With
		 * writers waiting under PREFER_WRITER, keep the sleeping
		 * readers asleep (and their bit set, R2) and wake a writer. */
		uint32_t keep = 0;
		for (;;) {
			keep = (prefer_writer(rw) &&
				fx_load_seqcst(&rw->nwwait) > 0)
				       ? (s & FX_RW_READERS_WAITING)
				       : 0;
			if (fx_cas_seqcst(&rw->state, &s, keep))
				break;
		}
		if ((s & FX_RW_READERS_WAITING) && !keep)
			fx_futex_wake(&rw->state, INT_MAX, shared);
		if (fx_load_seqcst(&rw->nwwait) > 0)
			wake_writer(rw, shared);
		return 0;
	}
	for (;;) {
		if ((s & FX_RW_COUNT_MASK) == 0)
			return EPERM; /* not locked */
		if (fx_cas_seqcst(&rw->state, &s, s - 1))
			break;
		if (s & FX_RW_WRLOCKED)
			return EPERM;
	}
	if (((s - 1) & FX_RW_COUNT_MASK) == 0) {
		/* Last reader out. */
		if (fx_load_seqcst(&rw->nwwait) > 0)
			wake_writer(rw, shared);
		else if (s & FX_RW_READERS_WAITING)
			wake_readers(rw, shared);
	}
	return 0;
}
