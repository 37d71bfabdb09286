/* FXPTHREAD_CHECK: undefined behaviour made loud.  Each check prints what
 * was wrong, where (backtrace of the offending call) and where the object
 * was first used, then aborts.
 *
 * What "a state the core produces" means is read off the core's object
 * layouts (include/fx/internal.h, docs/layout.md):
 *
 *   mutex   kind: only the type/flag/ceiling bits the core defines, or
 *           UINT32_MAX (the core's mark of a destroyed mutex); a 0/1/2
 *           lock word for the non-TID kinds; robust state 0..2; pad 0.
 *   cond    flags: PSHARED|MONOTONIC only; pad words 0; a set DESTROYING
 *           bit marks a destroyed condvar.
 *   rwlock  flags: a kind 0..2 and PSHARED only; pad words 0 -- except
 *           that after a successful destroy this library writes
 *           RW_DESTROYED into the first pad word, because the core leaves
 *           no mark of its own there.
 *
 * All-zero memory is valid for each (the static initializers), so is
 * glibc's kind field of the *_INITIALIZER_NP mutexes.
 *
 * Ownership.  The owner of a mutex (and the writer of a rwlock) is
 * recorded in its diag_lock by the thread that acquired it, so an unlock
 * by another thread, or of an unlocked object, is seen before the core
 * would silently accept it.  Mutex kinds whose misuse the core already
 * reports (errorcheck, recursive, robust, PI: EPERM) are left to it.
 *
 * Condvars.  cond_inside counts threads inside a wait and cond_unwoken
 * those not yet signalled (a signal takes one, a broadcast all, a thread
 * that leaves takes itself out).  Destroying with cond_unwoken > 0 means
 * somebody is still blocked; a waiter arriving with a different mutex
 * while cond_inside > 0 is the "two mutexes" error.
 *
 * Initializing an object in use.  *_init of a mutex or rwlock whose bytes
 * say locked is an error when another live thread holds it by its own
 * held stack; *_init of a condvar that has not been destroyed, when
 * another live thread is blocked in it (diag_thread.inside).  The
 * threads' own records decide, not the bytes alone: memory that merely
 * looks locked (a fresh block, a lock whose holder died, the locks a
 * fork child inherits from threads it does not have) is initialized
 * quietly, and so is a lock the caller holds itself (the fork child's
 * way of resetting the locks its prepare handler took).  Attribute
 * objects: check_attr.c; barriers and spin locks: check_barrier.c,
 * check_spin.c.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "diag.h"
#include "fx/internal.h"

#define RW_DESTROYED 0x64786466u /* "fdxd" */

#define MUTEX_KIND_BITS                                                        \
	(FX_MUTEX_TYPE_MASK | FX_MUTEX_ROBUST | FX_MUTEX_PI | FX_MUTEX_PP |    \
	 FX_MUTEX_PSHARED | FX_MUTEX_CEILING_MASK)

void diag_fatal(const char *fn, struct diag_lock *l, const void *obj,
		const char *fmt, ...)
{
	struct diag_out o;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	uint32_t here = diag_stack_capture();
	diag_report_begin();
	diag_out_init(&o, 2);
	diag_printf(&o, "fxpthread-diag: error: %s: %s\n", fn, msg);
	diag_printf(&o, "  thread %d (pid %d), called at:\n", (int)diag_gettid(),
		    (int)getpid());
	diag_print_stack(&o, here, "    ");
	if (l && l->first_stack && l->addr == (uintptr_t)obj) {
		diag_printf(&o, "  %s %p was first used at:\n",
			    diag_kind_name(l->kind), obj);
		diag_print_stack(&o, l->first_stack, "    ");
	}
	diag_printf(&o, "fxpthread-diag: aborting (FXPTHREAD_CHECK)\n");
	diag_flush(&o);
	diag_report_end();
	abort();
}

/* ------------------------------------------------------------ states */

static int destroyed_mark(const void *obj, enum diag_kind kind)
{
	switch (kind) {
	case DIAG_MUTEX:
		return fx_load_relaxed(&((const fx_mutex_t *)obj)->kind) ==
		       UINT32_MAX;
	case DIAG_COND:
		return (fx_load_relaxed(&((const fx_cond_t *)obj)->waiters) &
			FX_COND_DESTROYING) != 0;
	case DIAG_RWLOCK:
		return fx_load_relaxed(&((const fx_rwlock_t *)obj)->pad0[0]) ==
		       RW_DESTROYED;
	}
	return 0;
}

/* 0 if obj holds a state the core can produce, else what is wrong. */
static const char *bad_state(const void *obj, enum diag_kind kind)
{
	if (kind == DIAG_MUTEX) {
		const fx_mutex_t *m = obj;
		uint32_t k = fx_load_relaxed(&m->kind);
		if (k & ~MUTEX_KIND_BITS)
			return "its kind word holds bits no mutex has";
		if (!(k & FX_MUTEX_TID_OWNED) &&
		    !fx_word012_valid(fx_load_relaxed(&m->lock)))
			return "its lock word is not a state a mutex has";
		if ((k & FX_MUTEX_ROBUST) &&
		    fx_load_relaxed(&m->state) > FX_ROBUST_NOTRECOVERABLE)
			return "its robust state is out of range";
		return 0;
	}
	if (kind == DIAG_COND) {
		const fx_cond_t *c = obj;
		if (fx_load_relaxed(&c->flags) & ~(FX_COND_PSHARED | FX_COND_MONOTONIC))
			return "its flags hold bits no condvar has";
		if (c->pad1 || c->pad2[0] || c->pad2[1])
			return "a reserved field is not zero";
		return 0;
	}
	const fx_rwlock_t *rw = obj;
	uint32_t f = fx_load_relaxed(&rw->flags);
	if ((f & ~(FX_RW_KIND_MASK | FX_RW_PSHARED)) || (f & FX_RW_KIND_MASK) > 2)
		return "its kind word holds bits no rwlock has";
	if (rw->pad0[0] || rw->pad0[1] || rw->pad0[2] || rw->pad2)
		return "a reserved field is not zero";
	for (int i = 0; i < 5; i++)
		if (rw->pad1[i])
			return "a reserved field is not zero";
	return 0;
}

static const char *destroy_name(enum diag_kind kind)
{
	switch (kind) {
	case DIAG_MUTEX: return "pthread_mutex_destroy";
	case DIAG_COND: return "pthread_cond_destroy";
	default: return "pthread_rwlock_destroy";
	}
}

void diag_check_use(const char *fn, struct diag_lock *l, const void *obj,
		    enum diag_kind kind)
{
	int dead = destroyed_mark(obj, kind);
	if (l && fx_load_relaxed(&l->state) == DIAG_DESTROYED) {
		if (dead)
			diag_fatal(fn, l, obj, "%s %p is used after %s",
				   diag_kind_name(kind), obj, destroy_name(kind));
		/* Re-initialized by assignment of a static initializer. */
		fx_store_relaxed(&l->state, DIAG_SEEN);
	} else if (dead) {
		diag_fatal(fn, l, obj,
			   "%s %p was destroyed (or never initialized)",
			   diag_kind_name(kind), obj);
	}
	const char *why = bad_state(obj, kind);
	if (why)
		diag_fatal(fn, l, obj,
			   "%s %p was never initialized: %s (use %s or a "
			   "static initializer)",
			   diag_kind_name(kind), obj, why,
			   kind == DIAG_MUTEX  ? "pthread_mutex_init"
			   : kind == DIAG_COND ? "pthread_cond_init"
					       : "pthread_rwlock_init");
}

void diag_check_destroyed(struct diag_lock *l, void *obj, enum diag_kind kind)
{
	if (kind == DIAG_RWLOCK)
		fx_store_relaxed(&((fx_rwlock_t *)obj)->pad0[0], RW_DESTROYED);
}

/* ---------------------------------------------------------- ownership */

/* Mutexes whose misuse the core does not report itself. */
static int silent_kind(const fx_mutex_t *m)
{
	uint32_t k = fx_load_relaxed(&m->kind);
	uint32_t type = k & FX_MUTEX_TYPE_MASK;
	return !(k & FX_MUTEX_TID_OWNED) &&
	       (type == FX_MUTEX_NORMAL || type == FX_MUTEX_ADAPTIVE);
}

static void check_mutex_owned(const char *fn, struct diag_thread *t,
			      struct diag_lock *l, const void *obj,
			      const char *doing)
{
	const fx_mutex_t *m = obj;
	if (!silent_kind(m) || diag_held_find(t, obj) >= 0)
		return;
	pid_t owner = l ? fx_load_relaxed(&l->owner) : 0;
	if (owner == diag_gettid())
		return;
	if (FX_WORD_FREE(fx_load_relaxed(&m->lock)))
		diag_fatal(fn, l, obj, "%s mutex %p, which is not locked", doing,
			   obj);
	if (owner)
		diag_fatal(fn, l, obj,
			   "%s mutex %p, which is locked by thread %d, not by "
			   "the caller",
			   doing, obj, (int)owner);
	/* Locked, owner unknown: taken before diagnostics could see it. */
}

void diag_check_mutex_unlock(const char *fn, struct diag_thread *t,
			     struct diag_lock *l, const void *obj)
{
	check_mutex_owned(fn, t, l, obj, "unlocking");
}

void diag_check_rwlock_unlock(const char *fn, struct diag_thread *t,
			      struct diag_lock *l, const void *obj)
{
	const fx_rwlock_t *rw = obj;
	if (diag_held_find(t, obj) >= 0)
		return;
	uint32_t s = fx_load_relaxed(&rw->state);
	if (!(s & (FX_RW_WRLOCKED | FX_RW_COUNT_MASK)))
		diag_fatal(fn, l, obj, "unlocking rwlock %p, which is not locked",
			   obj);
	if (s & FX_RW_WRLOCKED) {
		uint32_t w = fx_load_relaxed(&rw->writer);
		if (w && w != (uint32_t)diag_gettid())
			diag_fatal(fn, l, obj,
				   "unlocking rwlock %p, which is write-locked "
				   "by thread %u, not by the caller",
				   obj, w);
		return;
	}
	if (t->complete)
		diag_fatal(fn, l, obj,
			   "unlocking rwlock %p, which the caller has not "
			   "read-locked (other threads hold it for read)",
			   obj);
}

static int mutex_locked(const fx_mutex_t *m)
{
	uint32_t k = fx_load_relaxed(&m->kind);
	uint32_t w = fx_load_relaxed(&m->lock);
	return (k & FX_MUTEX_TID_OWNED) ? (w & FUTEX_TID_MASK) != 0 : w != 0;
}

static int rwlock_locked(const fx_rwlock_t *rw)
{
	return (fx_load_relaxed(&rw->state) &
		(FX_RW_WRLOCKED | FX_RW_COUNT_MASK)) != 0;
}

void diag_check_destroy(const char *fn, struct diag_lock *l, const void *obj,
			enum diag_kind kind)
{
	if (kind == DIAG_MUTEX) {
		if (mutex_locked(obj)) {
			pid_t owner = l ? fx_load_relaxed(&l->owner) : 0;
			if (owner)
				diag_fatal(fn, l, obj,
					   "destroying mutex %p, which is "
					   "locked by thread %d",
					   obj, (int)owner);
			diag_fatal(fn, l, obj,
				   "destroying mutex %p, which is locked", obj);
		}
	} else if (kind == DIAG_RWLOCK) {
		if (rwlock_locked(obj))
			diag_fatal(fn, l, obj,
				   "destroying rwlock %p, which is locked", obj);
	} else if (l) {
		uint32_t n = fx_load_relaxed(&l->cond_unwoken);
		if (n)
			diag_fatal(fn, l, obj,
				   "destroying condvar %p while %u thread%s "
				   "blocked on it",
				   obj, n, n == 1 ? " is" : "s are");
	}
}

void diag_check_init(const char *fn, const void *obj, const void *attr,
		     enum diag_kind kind)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return;
	if (attr)
		diag_check_attr(fn, attr,
				kind == DIAG_MUTEX  ? DIAG_ATTR_MUTEX
				: kind == DIAG_COND ? DIAG_ATTR_COND
						    : DIAG_ATTR_RWLOCK);
	struct diag_lock *l = diag_lock_find(obj);
	if (l && fx_load_relaxed(&l->kind) != kind)
		l = 0; /* the memory held another kind of object */
	enum diag_mode mode;
	pid_t who;
	switch (kind) {
	case DIAG_MUTEX:
		if (mutex_locked(obj) &&
		    (who = diag_other_holder(t, obj, kind, &mode)))
			diag_fatal(fn, l, obj,
				   "initializing mutex %p, which is locked by "
				   "thread %d",
				   obj, (int)who);
		return;
	case DIAG_RWLOCK:
		if (rwlock_locked(obj) &&
		    (who = diag_other_holder(t, obj, kind, &mode)))
			diag_fatal(fn, l, obj,
				   "initializing rwlock %p, which is %s-locked "
				   "by thread %d",
				   obj, mode == DIAG_READ ? "read" : "write",
				   (int)who);
		return;
	case DIAG_COND:
		/* After a destroy, the waiters have left the core (it waits
		 * for them) but may not have left our wrapper yet. */
		if (l && fx_load_relaxed(&l->state) != DIAG_DESTROYED &&
		    (who = diag_other_inside(t, obj)))
			diag_fatal(fn, l, obj,
				   "initializing condvar %p while thread %d is "
				   "blocked on it",
				   obj, (int)who);
		return;
	}
}

/* --------------------------------------------------------------- cond */

/* The per-condvar lock is held for a few instructions; a fork child may
 * inherit it taken by a thread that is gone, so waiting is bounded (D3):
 * past the bound the bookkeeping goes ahead unprotected. */
static int cond_lock(struct diag_lock *c)
{
	for (int i = 0; i < 100000; i++) {
		uint32_t expected = 0;
		if (fx_cas_acquire(&c->cond_lock, &expected, 1))
			return 1;
		if (i > 100)
			sched_yield();
		else
			fx_cpu_relax();
	}
	return 0;
}

static void cond_unlock(struct diag_lock *c, int locked)
{
	if (locked)
		fx_store_release(&c->cond_lock, 0);
}

void diag_check_cond_enter(const char *fn, struct diag_thread *t,
			   struct diag_lock *c, const void *cond,
			   struct diag_lock *m, const void *mutex)
{
	check_mutex_owned(fn, t, m, mutex, "waiting with");
	if (!c)
		return;
	int locked = cond_lock(c);
	const void *bound = c->cond_mutex;
	if (c->cond_inside && bound != mutex) {
		cond_unlock(c, locked);
		diag_fatal(fn, c, cond,
			   "condvar %p is waited on with mutex %p while other "
			   "threads wait on it with mutex %p",
			   cond, mutex, bound);
	}
	c->cond_mutex = mutex;
	c->cond_inside++;
	c->cond_unwoken++;
	cond_unlock(c, locked);
}

void diag_check_cond_leave(struct diag_lock *c)
{
	int locked = cond_lock(c);
	if (c->cond_inside)
		c->cond_inside--;
	if (c->cond_unwoken > c->cond_inside)
		c->cond_unwoken = c->cond_inside;
	cond_unlock(c, locked);
}

void diag_check_cond_wake(struct diag_lock *c, int all)
{
	int locked = cond_lock(c);
	if (all)
		c->cond_unwoken = 0;
	else if (c->cond_unwoken)
		c->cond_unwoken--;
	cond_unlock(c, locked);
}
