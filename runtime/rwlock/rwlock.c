/* Reader-writer lock.  docs/rwlock.md has the state table and proofs.
 *
 *   state   the one futex word: bit 31 WRLOCKED, bit 30 READERS_WAITING,
 *           bit 29 WRITERS_WAITING, bit 28 WRITER_LEFT (R5), bits 0-27
 *           readers inside.  Readers sleep on it in wake class
 *           FX_RW_WAKE_READERS, writers in FX_RW_WAKE_WRITERS, so one
 *           FUTEX_WAKE_BITSET picks a side.
 *   nwwait  writers registered as waiting (from before their first
 *           sleep until they own the lock or give up).  Read by readers
 *           of the writer-preferring kind, and by unlockers *before* they
 *           release; never touched after a release.
 *   writer  TID of the write owner, for EDEADLK/EPERM (owner-written).
 *   flags   glibc's kind (offset 48, so the static initializer
 *           PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP applies)
 *           plus FX_RW_PSHARED.
 *
 * R1  a thread sleeps only on a state value that has its class's
 *     WAITING bit set; an unlocker's releasing CAS sees the bit, clears
 *     it and wakes that class.  Any change to state makes a sleeper's
 *     expected value stale, so the kernel refuses to queue it.
 * R2  a writer that has slept takes the lock with WRITERS_WAITING set
 *     (others may still sleep, their bit having been cleared by the wake
 *     that chose it), so its unlock wakes the next; a writer that gives
 *     up re-marks the bit and passes the wake on.
 * R3  with PREFER_WRITER_NONRECURSIVE a reader does not enter while
 *     nwwait > 0; a reader that marks READERS_WAITING re-reads nwwait
 *     afterwards, and a writer that gives up re-reads state after
 *     decrementing nwwait, so one of them sees the other.
 * R4  after the CAS that frees the lock an unlocker makes only wake
 *     syscalls (safe on freed memory): the lock may be destroyed as soon
 *     as another thread has taken and released it.
 * R6  the read-lock fast path adds its reader with fetch_add before it
 *     looks; a reader that finds the lock write-held or readers asleep
 *     takes its increment back like a read unlock (the last one out of a
 *     lock nobody write-holds wakes as a last reader does).  So the count
 *     may hold such passing increments, also under WRLOCKED: a write
 *     unlock keeps the count, and a writer enters only at count 0.
 * R5  a write unlock decides from nwwait, read before its releasing CAS,
 *     whether readers stay asleep; a writer that gives up while the lock
 *     is write-held sets WRITER_LEFT, so that this CAS fails and nwwait
 *     is read again (docs/rwlock.md#writer-left).
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

static inline void wake_writer(fx_rwlock_t *rw, int shared)
{
	fx_futex_wake_bits(&rw->state, 1, FX_RW_WAKE_WRITERS, shared);
}

static inline void wake_readers(fx_rwlock_t *rw, int shared)
{
	fx_futex_wake_bits(&rw->state, INT_MAX, FX_RW_WAKE_READERS, shared);
}

/* After a releasing CAS from s to ns (R1, R4): wake one writer if their
 * bit was set, all readers if their bit was cleared.  Only syscalls. */
static inline void wake_released(fx_rwlock_t *rw, uint32_t s, uint32_t ns,
				 int shared)
{
	if (s & FX_RW_WRITERS_WAITING)
		wake_writer(rw, shared);
	if ((s & FX_RW_READERS_WAITING) && !(ns & FX_RW_READERS_WAITING))
		wake_readers(rw, shared);
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
			int r = fx_deadline_check(clock, abs);
			if (r)
				return r;
			checked = 1;
		}
		if (!(s & FX_RW_READERS_WAITING)) {
			if (!fx_cas_seqcst(&rw->state, &s,
					   s | FX_RW_READERS_WAITING))
				continue;
			s |= FX_RW_READERS_WAITING;
			/* R3: a writer may have given up meanwhile. */
			if (!(s & FX_RW_WRLOCKED) &&
			    fx_load_seqcst(&rw->nwwait) == 0)
				continue;
		}
		if (fx_futex_wait_bits(&rw->state, s, FX_RW_WAKE_READERS,
				       shared, clock, abs) == -ETIMEDOUT)
			return ETIMEDOUT;
	}
}

/* A writer gave up waiting (R2, R3, R5): it may have been chosen by a
 * wake that cleared WRITERS_WAITING while other writers still sleep, and
 * readers may be held back by it alone.  This thread is inside a lock
 * call, so it may still write the lock. */
static void writer_left(fx_rwlock_t *rw, int shared)
{
	uint32_t s = fx_fetch_or_seqcst(&rw->state, FX_RW_WRITERS_WAITING);
	if (!(s & (FX_RW_WRLOCKED | FX_RW_COUNT_MASK)))
		wake_writer(rw, shared);
	if (fx_load_seqcst(&rw->nwwait) != 0)
		return;
	s = fx_load_seqcst(&rw->state);
	while (s & FX_RW_READERS_WAITING) {
		if (!(s & FX_RW_WRLOCKED)) {
			fx_fetch_and_seqcst(&rw->state, ~FX_RW_READERS_WAITING);
			wake_readers(rw, shared);
			return;
		}
		/* R5: the holder may have read nwwait before this writer
		 * left and keep the readers asleep for it; make its releasing
		 * CAS fail, so that it reads nwwait again. */
		if (fx_cas_seqcst(&rw->state, &s, s | FX_RW_WRITER_LEFT))
			return;
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
	uint32_t mark = 0; /* WRITERS_WAITING once we have slept (R2) */
	for (;;) {
		uint32_t s = fx_load_seqcst(&rw->state);
		if (!(s & (FX_RW_WRLOCKED | FX_RW_COUNT_MASK))) {
			if (fx_cas_acquire(&rw->state, &s,
					   s | FX_RW_WRLOCKED | mark)) {
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
			int r = fx_deadline_check(clock, abs);
			if (r)
				return r;
			fx_fetch_add_seqcst(&rw->nwwait, 1);	/* R3 */
			counted = 1;
			continue;
		}
		if (!(s & FX_RW_WRITERS_WAITING)) {
			if (!fx_cas_seqcst(&rw->state, &s,
					   s | FX_RW_WRITERS_WAITING))
				continue;
			s |= FX_RW_WRITERS_WAITING;
		}
		int r = fx_futex_wait_bits(&rw->state, s, FX_RW_WAKE_WRITERS,
					   shared, clock, abs);
		mark = FX_RW_WRITERS_WAITING;
		if (r == -ETIMEDOUT) {
			fx_fetch_sub_seqcst(&rw->nwwait, 1);
			writer_left(rw, shared);
			return ETIMEDOUT;
		}
	}
}

/* Take one reader off the count (a read unlock, or a passing increment
 * backed out, R6).  The last one out of a lock no writer holds hands it
 * to a sleeping writer and wakes the readers unless a writer is
 * preferred; after the CAS only wakes (R4). */
static void reader_release(fx_rwlock_t *rw, uint32_t s, int shared, int pw)
{
	uint32_t ns;
	do {
		ns = s - 1;
		if ((ns & (FX_RW_WRLOCKED | FX_RW_COUNT_MASK)) == 0) {
			ns &= ~FX_RW_WRITERS_WAITING;
			if (!(pw && fx_load_seqcst(&rw->nwwait) > 0))
				ns &= ~FX_RW_READERS_WAITING;
		}
	} while (!fx_cas_seqcst(&rw->state, &s, ns));
	if ((ns & (FX_RW_WRLOCKED | FX_RW_COUNT_MASK)) == 0)
		wake_released(rw, s, ns, shared);
}

/* The read-lock fast path's fetch_add found the lock unavailable: take
 * the increment back (R6), then lock the slow way.  s: the state after
 * the increment, a first guess for the CAS. */
int fx_rwlock_rdlock_backout(fx_rwlock_t *rw, uint32_t s)
{
	if (fx_unlikely(destroyed(rw))) {
		/* The state of a destroyed lock is all ones, so the increment
		 * wrapped it to 0: put it back, so that no fast path takes
		 * the lock until pthread_rwlock_init. */
		fx_fetch_sub_seqcst(&rw->state, 1);
		return EINVAL;
	}
	reader_release(rw, s, rw_shared(rw), 0);
	return fx_rwlock_rdlock_slow(rw, CLOCK_REALTIME, 0, 0);
}

/* Release (docs/rwlock.md): decide in the releasing CAS which sleepers
 * to wake and clear their bits; after it, only wake syscalls (R4). */
int fx_rwlock_unlock_slow(fx_rwlock_t *rw, uint32_t s)
{
	if (fx_unlikely(destroyed(rw)))
		return EINVAL;
	int shared = rw_shared(rw);
	int pw = prefer_writer(rw);
	uint32_t n;
	if (s & FX_RW_WRLOCKED) {
		if (fx_load_relaxed(&rw->writer) != (uint32_t)fx_tid())
			return EPERM;
		fx_store_relaxed(&rw->writer, 0);
		do {
			/* Writer preference: readers stay asleep (and marked)
			 * while another writer is registered.  The CAS clears
			 * WRITER_LEFT (R5). */
			n = pw ? fx_load_seqcst(&rw->nwwait) : 0;
			n = n ? (s & FX_RW_READERS_WAITING) : 0;
			n |= s & FX_RW_COUNT_MASK; /* passing readers (R6) */
		} while (!fx_cas_seqcst(&rw->state, &s, n));
		wake_released(rw, s, n, shared);
		return 0;
	}
	if ((s & FX_RW_WRLOCKED) || (s & FX_RW_COUNT_MASK) == 0)
		return EPERM; /* a writer holds it, or nobody reads */
	reader_release(rw, s, shared, pw);
	return 0;
}
