/* The observed paths: what a wrapper does when a feature is on.
 *
 * Acquiring:
 *   1. find (or create) the object's record; with FXPTHREAD_CHECK,
 *      validate the object (check.c);
 *   2. with FXPTHREAD_LOCKDEP, record lock-order edges from every lock
 *      held (lockdep.c) -- before blocking, so an inversion is reported
 *      even when this very acquisition is the one that deadlocks;
 *   3. try the lock.  Success: an uncontended acquisition.  EBUSY on a
 *      blocking call: contention.  Capture the backtrace while the owner
 *      still holds the lock (overlapping its critical section), publish
 *      what we wait for (the watchdog reads it), and block: in the core's
 *      lock, or in its timed lock in rounds of the watchdog threshold
 *      when lockdep is on;
 *   4. account the acquisition and push it on the thread's held stack.
 * Releasing pops the held entry (hold time) before calling the core, so
 * the record is updated while the lock still serializes it.
 *
 * Every path returns exactly what the core returned.  A call that the
 * trylock cannot answer for the caller (an error other than EBUSY, such
 * as EDEADLK or EINVAL) is repeated as the caller's own call, so the
 * caller gets the core's answer to the call it made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include "track.h"

#define DIAG_SEMAPHORE_DEF(name)                                               \
	unsigned short fxpthread_##name##_semaphore                            \
		__attribute__((section(".probes"), used))
DIAG_SEMAPHORE_DEF(lock_contended);
DIAG_SEMAPHORE_DEF(lock_acquired);
DIAG_SEMAPHORE_DEF(cond_wait);
DIAG_SEMAPHORE_DEF(cond_wake);
DIAG_SEMAPHORE_DEF(owner_died);

/* ------------------------------------------------------------- records */

DIAG_NOINLINE void diag_first_use(struct diag_lock *l)
{
	fx_store_relaxed(&l->first_stack, diag_stack_capture());
}

DIAG_NOINLINE struct diag_lock *diag_record_slow(const void *obj,
						 enum diag_kind kind)
{
	int created;
	struct diag_lock *l = diag_lock_get(obj, kind, &created);
	if (fx_unlikely(created))
		diag_first_use(l);
	return l;
}

/* Count a contended wait against its call site (an interned stack). */
void diag_site_add(struct diag_lock *l, uint32_t stack, uint64_t wait)
{
	if (stack) {
		for (int i = 0; i < DIAG_SITES; i++) {
			struct diag_site *s = &l->sites[i];
			uint32_t have = fx_load_relaxed(&s->stack);
			if (have == 0) {
				if (fx_cas_acquire(&s->stack, &have, stack))
					have = stack;
			}
			if (have == stack) {
				add_shared(&s->count, 1);
				add_shared(&s->wait, wait);
				return;
			}
		}
	}
	add_shared(&l->other_count, 1);
	add_shared(&l->other_wait, wait);
}

DIAG_NOINLINE void diag_acquired_after_wait(struct diag_thread *t,
					   struct diag_lock *l,
					   enum diag_mode mode,
					   const struct wait_info *w)
{
	t->contended++;
	t->wait += w->wait;
	if (!l)
		return;
	if (mode == DIAG_WRITE) {
		add_owned(&l->contended, 1);
		add_owned(&l->wait_total, w->wait);
		max_owned(&l->wait_max, w->wait);
	} else {
		add_shared(&l->contended, 1);
		add_shared(&l->wait_total, w->wait);
		max_shared(&l->wait_max, w->wait);
	}
	diag_site_add(l, w->stack, w->wait);
}

/* ------------------------------------------------------------ blocking */

static int watched_wait(struct diag_thread *t, const struct blocking *b,
			void *obj)
{
	for (;;) {
		struct timespec abs;
		clock_gettime(CLOCK_REALTIME, &abs);
		long ms = diag_config.watchdog_ms;
		abs.tv_sec += ms / 1000;
		abs.tv_nsec += (ms % 1000) * 1000000L;
		if (abs.tv_nsec >= 1000000000L) {
			abs.tv_sec++;
			abs.tv_nsec -= 1000000000L;
		}
		int r = b->timed(obj, &abs);
		if (r != ETIMEDOUT)
			return r;
		diag_watchdog_check(t);
	}
}

/* The contended path: the trylock said EBUSY and the caller blocks. */
DIAG_NOINLINE int diag_contended(struct diag_thread *t, struct diag_lock *l,
				   void *obj, enum diag_kind kind,
				   enum diag_mode mode, const struct blocking *b,
				   int (*timed_call)(void *, clockid_t,
						     const struct timespec *),
				   clockid_t clock, const struct timespec *abs,
				   struct wait_info *w)
{
	unsigned f = diag_on();
	w->waited = 1;
	w->stack = (f & (DIAG_PROFILE | DIAG_LOCKDEP)) ? diag_stack_capture() : 0;
	DIAG_PROBE_CONTENDED(obj, kind);
	t->waiting_obj = obj;
	t->waiting_mode = (uint8_t)mode;
	t->waiting_kind = (uint8_t)kind;
	t->wait_stack = w->stack;
	t->wait_serial++;
	fx_store_release(&t->waiting_for, l ? l : (struct diag_lock *)obj);

	uint64_t t0 = diag_ticks();
	int r;
	if (timed_call)
		r = timed_call(obj, clock, abs);
	else if ((f & DIAG_LOCKDEP) && l)
		r = watched_wait(t, b, obj);
	else
		r = b->lock(obj);
	w->end = diag_ticks();
	w->wait = w->end - t0;

	fx_store_release(&t->waiting_for, 0);
	if (r == 0 || r == EOWNERDEAD)
		DIAG_PROBE_ACQUIRED(obj, kind, w->wait);
	return r;
}
