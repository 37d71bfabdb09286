/* Shared by the observed paths (track*.c): the steps every lock call
 * takes when a feature is on.  track.c says what the steps are. */
#ifndef FX_DIAG_TRACK_H
#define FX_DIAG_TRACK_H

#include "diag.h"
#include "probes.h"

#define OBSERVING (DIAG_PROFILE | DIAG_LOCKDEP | DIAG_CHECK)

static inline unsigned diag_on(void)
{
	return fx_load_relaxed(&diag_features);
}

DIAG_HIDDEN void diag_first_use(struct diag_lock *l);
DIAG_HIDDEN struct diag_lock *diag_record_slow(const void *obj,
					       enum diag_kind kind);

/* The object's record (0: table full, or probes only), validated with
 * FXPTHREAD_CHECK. */
static inline struct diag_lock *diag_record(const char *fn, const void *obj,
					    enum diag_kind kind)
{
	unsigned f = diag_on();
	if (!(f & OBSERVING))
		return 0; /* probes only: nothing to keep */
	struct diag_lock *l = diag_lock_home(obj, kind);
	if (fx_unlikely(!l))
		l = diag_record_slow(obj, kind);
	if (f & DIAG_CHECK)
		diag_check_use(fn, l, obj, kind);
	return l;
}

/* Counters.  Serialized by the lock itself (see struct diag_lock). */
static inline void add_owned(uint64_t *p, uint64_t v)
{
	fx_store_relaxed(p, fx_load_relaxed(p) + v);
}
static inline void max_owned(uint64_t *p, uint64_t v)
{
	if (v > fx_load_relaxed(p))
		fx_store_relaxed(p, v);
}

/* Counters shared by concurrent holders (readers) or callers (condvars). */
static inline void add_shared(uint64_t *p, uint64_t v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
static inline void max_shared(uint64_t *p, uint64_t v)
{
	uint64_t cur = fx_load_relaxed(p);
	while (v > cur &&
	       !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

/* What a contended acquisition waited: its backtrace (an interned stack
 * id), for how long, and when the wait ended. */
struct wait_info {
	int waited;
	uint32_t stack;
	uint64_t wait; /* ticks */
	uint64_t end;  /* ticks when the wait ended */
};

/* Count a contended wait (or a condvar wait) against its call site. */
DIAG_HIDDEN void diag_site_add(struct diag_lock *l, uint32_t stack,
			       uint64_t wait);
DIAG_HIDDEN void diag_acquired_after_wait(struct diag_thread *t,
					  struct diag_lock *l,
					  enum diag_mode mode,
					  const struct wait_info *w);

/* Account an acquisition; w is 0 for one that did not wait. */
static inline void diag_acquired(struct diag_thread *t, struct diag_lock *l,
				 const void *obj, enum diag_kind kind,
				 enum diag_mode mode, uintptr_t site,
				 const struct wait_info *w)
{
	unsigned f = diag_on();
	uint64_t now = 0;
	if (f & DIAG_PROFILE) {
		/* Hold times: every acquisition that waited (its clock is
		 * read already) and one in FXPTHREAD_PROFILE_HOLD_SAMPLE of
		 * the others, since a timestamp costs more than everything
		 * else on this path (docs/diagnostics.md#overhead). */
		if (fx_unlikely(w != 0))
			now = w->end;
		else if (!(t->acquisitions & diag_config.hold_mask))
			now = diag_ticks();
		t->acquisitions++;
		if (l) {
			if (mode == DIAG_WRITE)
				add_owned(&l->acquisitions, 1);
			else
				add_shared(&l->acquisitions, 1);
		}
		if (fx_unlikely(w != 0))
			diag_acquired_after_wait(t, l, mode, w);
	}
	if (l && mode == DIAG_WRITE && (f & (DIAG_CHECK | DIAG_LOCKDEP)))
		fx_store_relaxed(&l->owner, diag_gettid());
	diag_held_push(t, l, obj, kind, mode, site, now);
}

/* Pop obj from the held stack and account its hold time; the caller then
 * releases the lock.  The record comes from the held entry, so the common
 * unlock needs no table lookup. */
static inline void diag_releasing(struct diag_thread *t, const void *obj)
{
	struct diag_held h;
	if (!diag_held_pop(t, obj, &h) || !h.lock)
		return;
	struct diag_lock *l = h.lock;
	if (h.since) {
		uint64_t hold = diag_ticks() - h.since;
		if (h.mode == DIAG_WRITE) {
			add_owned(&l->hold_count, 1);
			add_owned(&l->hold_total, hold);
			max_owned(&l->hold_max, hold);
		} else {
			add_shared(&l->hold_count, 1);
			add_shared(&l->hold_total, hold);
			max_shared(&l->hold_max, hold);
		}
	}
	if (h.mode == DIAG_WRITE && (diag_on() & (DIAG_CHECK | DIAG_LOCKDEP)) &&
	    diag_held_find(t, obj) < 0 &&
	    fx_load_relaxed(&l->owner) == diag_gettid())
		fx_store_relaxed(&l->owner, 0);
}

/* obj was re-initialized by t: a lock t held is held no more (a fork
 * child resetting, with *_init, the locks its prepare handler took). */
static inline void diag_reinited(struct diag_thread *t, const void *obj)
{
	while (diag_held_find(t, obj) >= 0)
		diag_releasing(t, obj);
}

/* A blocking call of one of the core's lock functions, or its timed form
 * with an absolute CLOCK_REALTIME deadline. */
struct blocking {
	int (*lock)(void *obj);
	int (*timed)(void *obj, const struct timespec *abs);
};

/* The contended path: the trylock said EBUSY and the caller blocks, in
 * b->lock, in timed_call(obj, clock, abs) for a caller's timed call, or in
 * the watchdog's rounds of b->timed when lockdep is on. */
DIAG_HIDDEN int diag_contended(struct diag_thread *t, struct diag_lock *l,
			       void *obj, enum diag_kind kind,
			       enum diag_mode mode, const struct blocking *b,
			       int (*timed_call)(void *, clockid_t,
						 const struct timespec *),
			       clockid_t clock, const struct timespec *abs,
			       struct wait_info *w);

#endif
