/* Uncontended paths, inlined into the exported entry points
 * (interpose/).  Each is a few instructions; anything else goes out of
 * line.  State machines: docs/mutex.md, docs/rwlock.md. */
#ifndef FX_FAST_H
#define FX_FAST_H

#include <errno.h>
#include <sys/single_threaded.h>
#include "fx/futex.h"
#include "fx/internal.h"

/* A process that has only ever had one thread (glibc's
 * __libc_single_threaded, cleared by pthread_create before the second
 * thread exists) cannot race on a private mutex: the word is then read
 * and written without atomic read-modify-writes (docs/mutex.md
 * #single-threaded).  Thread creation orders these writes before
 * anything the new thread does. */
static inline int fx_single_threaded(void)
{
	return __libc_single_threaded != 0;
}

/* The single-threaded shortcut: a private normal mutex (kind 0) whose
 * word is `from` gets `to` by a plain store.  1 if it applied. */
static inline int fx_mutex_st_move(fx_mutex_t *m, uint32_t kind,
				   uint32_t from, uint32_t to)
{
	if (kind == 0 && fx_single_threaded() &&
	    fx_load_relaxed(&m->lock) == from) {
		fx_store_relaxed(&m->lock, to);
		return 1;
	}
	return 0;
}

/* Recursive and error-checking mutexes without PP, robust or PI flags
 * (private or shared): the same 0/1/2 word, plus `owner` and `count`,
 * which only the owner writes, so a plain load tells the caller whether
 * it holds the mutex (docs/mutex.md#owner-checked).  Their paths are out
 * of line (runtime/mutex/mutex.c), reached by a tail call, so that the
 * normal mutex's inline path needs no stack frame. */
#define FX_MUTEX_OWNED_012(kind) \
	(((kind) & ~FX_MUTEX_PSHARED) - FX_MUTEX_RECURSIVE < 2u)

/* Robust and PI mutexes without the PP flag have uncontended paths of
 * their own in runtime/mutex/mutex_tid.c.  A destroyed mutex's kind is
 * all ones and takes the general path, which answers EINVAL. */
#define FX_MUTEX_TID_PLAIN(kind)                                            \
	(((kind) & FX_MUTEX_TID_OWNED) != 0 &&                              \
	 ((kind) & ~(FX_MUTEX_PSHARED | FX_MUTEX_TYPE_MASK |                \
		     FX_MUTEX_TID_OWNED)) == 0)

static inline int fx_mutex_lock_fast(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (fx_mutex_st_move(m, kind, FX_UNLOCKED, FX_LOCKED))
		return 0;
	if (fx_likely((kind & ~FX_MUTEX_PSHARED) == 0)) {
		uint32_t expected = FX_UNLOCKED;
		if (fx_likely(fx_cas_acquire(&m->lock, &expected, FX_LOCKED)))
			return (int)expected; /* 0, already in the register */
		return fx_mutex_lock_busy(m, kind, expected);
	} else if (FX_MUTEX_OWNED_012(kind)) {
		return fx_mutex_lock_owned(m, kind, 0);
	} else if (FX_MUTEX_TID_PLAIN(kind)) {
		return fx_mutex_lock_tid_fast(m, kind, 0);
	}
	return fx_mutex_lock_slow(m, CLOCK_REALTIME, 0, 0);
}

static inline int fx_mutex_trylock_fast(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (fx_mutex_st_move(m, kind, FX_UNLOCKED, FX_LOCKED))
		return 0;
	if (fx_likely((kind & ~FX_MUTEX_PSHARED) == 0)) {
		uint32_t expected = FX_UNLOCKED;
		if (fx_likely(fx_cas_acquire(&m->lock, &expected, FX_LOCKED)))
			return 0;
		return fx_mutex_trylock_free(m, expected);
	}
	if (FX_MUTEX_OWNED_012(kind))
		return fx_mutex_lock_owned(m, kind, 1);
	if (FX_MUTEX_TID_PLAIN(kind))
		return fx_mutex_lock_tid_fast(m, kind, 1);
	return fx_mutex_lock_slow(m, CLOCK_REALTIME, 0, 1);
}

/* Releasing a 0/1/2 word: whoever saw 2 may be asleep, so wake one.  The
 * woken thread re-marks the word 2 when it takes it (docs/mutex.md), so a
 * single wake per contended unlock never loses a sleeper.  The wake is
 * the last access and tolerates freed memory, so the mutex may be
 * destroyed as soon as another thread acquires it.  (Internal locks; a
 * mutex uses fx_mutex_release012, which also knows hand-off.) */
static inline void fx_word012_release(uint32_t *w, int shared)
{
	if (fx_unlikely(fx_xchg_release(w, FX_UNLOCKED) == FX_CONTENDED))
		fx_futex_wake(w, 1, shared);
}

/* Mutex release: 1 -> 0 in one CAS; anything else (sleepers, a hand-off
 * request) out of line. */
static inline void fx_mutex_release012(fx_mutex_t *m, int shared)
{
	uint32_t v = FX_LOCKED;
	if (fx_likely(fx_cas_release(&m->lock, &v, FX_UNLOCKED)))
		return;
	fx_mutex_release012_slow(&m->lock, v, shared);
}

static inline int fx_mutex_unlock_fast(fx_mutex_t *m)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (fx_mutex_st_move(m, kind, FX_LOCKED, FX_UNLOCKED))
		return 0;
	if (fx_likely((kind & ~FX_MUTEX_PSHARED) == 0)) {
		fx_mutex_release012(m, kind & FX_MUTEX_PSHARED);
		return 0;
	}
	if (FX_MUTEX_OWNED_012(kind))
		return fx_mutex_unlock_owned(m, kind);
	if (FX_MUTEX_TID_PLAIN(kind))
		return fx_mutex_unlock_tid_fast(m, kind);
	return fx_mutex_unlock_slow(m);
}

/* Read lock: add one reader with fetch_add, which cannot fail under
 * contention the way a CAS does; if a writer holds the lock, readers
 * sleep or the count is at its limit, take the increment back
 * (fx_rwlock_rdlock_backout, R6 in docs/rwlock.md) and go the slow way.
 * The writer-preferring kind needs nwwait first: always the slow way. */
static inline int fx_rwlock_rdlock_fast(fx_rwlock_t *rw)
{
	if (fx_likely((fx_load_relaxed(&rw->flags) & FX_RW_KIND_MASK) !=
		      2 /* PREFER_WRITER_NONRECURSIVE */)) {
		uint32_t s = fx_fetch_add_acquire(&rw->state, 1);
		if (fx_likely((s & (FX_RW_WRLOCKED | FX_RW_READERS_WAITING)) == 0 &&
			      (s & FX_RW_COUNT_MASK) < FX_RW_MAX_READERS))
			return 0;
		return fx_rwlock_rdlock_backout(rw, s + 1);
	}
	return fx_rwlock_rdlock_slow(rw, CLOCK_REALTIME, 0, 0);
}

static inline int fx_rwlock_wrlock_fast(fx_rwlock_t *rw)
{
	uint32_t s = 0;
	if (fx_likely(fx_cas_acquire(&rw->state, &s, FX_RW_WRLOCKED))) {
		fx_store_relaxed(&rw->writer, (uint32_t)fx_tid());
		return 0;
	}
	return fx_rwlock_wrlock_slow(rw, CLOCK_REALTIME, 0, 0);
}

/* Unlock with nobody asleep: one CAS, and no access to the lock after
 * it (the lock may be destroyed as soon as it is free). */
static inline int fx_rwlock_unlock_fast(fx_rwlock_t *rw)
{
	const uint32_t sleepers = FX_RW_READERS_WAITING | FX_RW_WRITERS_WAITING;
	uint32_t s, w = fx_load_relaxed(&rw->writer);
	if (w == 0) {
		/* No write owner, so the caller reads (`writer` is set by
		 * the write owner right after it takes the lock, and cleared
		 * only by its unlock).  Guess that it is the only reader, so
		 * that the CAS needs no load first; a failed CAS reads the
		 * state. */
		s = 1;
		if (fx_likely(fx_cas_release(&rw->state, &s, 0)))
			return 0;
		if (fx_likely(!(s & (FX_RW_WRLOCKED | sleepers)) &&
			      (s & FX_RW_COUNT_MASK) > 1) &&
		    fx_likely(fx_cas_release(&rw->state, &s, s - 1)))
			return 0;
	} else if (w == (uint32_t)fx_self_tls.tid) {
		/* The write owner (whose wrlock cached its TID, so no call
		 * that would cost the read path a stack frame): guess that
		 * nobody waits, as above.  An uncached TID (0) never matches,
		 * and the slow path decides. */
		fx_store_relaxed(&rw->writer, 0);
		s = FX_RW_WRLOCKED;
		if (fx_likely(fx_cas_release(&rw->state, &s, 0)))
			return 0;
		fx_store_relaxed(&rw->writer, w);
	} else {
		s = fx_load_relaxed(&rw->state);
	}
	return fx_rwlock_unlock_slow(rw, s);
}

#endif
