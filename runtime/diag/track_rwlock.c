/* pthread_rwlock_* with a feature on (track.c: the steps). */
#define _GNU_SOURCE
#include <errno.h>
#include "track.h"

static int rd_lock(void *rw) { return diag_next.pthread_rwlock_rdlock(rw); }
static int wr_lock(void *rw) { return diag_next.pthread_rwlock_wrlock(rw); }
static int rd_timed(void *rw, const struct timespec *abs)
{
	return diag_next.pthread_rwlock_timedrdlock(rw, abs);
}
static int wr_timed(void *rw, const struct timespec *abs)
{
	return diag_next.pthread_rwlock_timedwrlock(rw, abs);
}
static int rd_clock(void *rw, clockid_t clock, const struct timespec *abs)
{
	return clock == CLOCK_REALTIME
		       ? diag_next.pthread_rwlock_timedrdlock(rw, abs)
		       : diag_next.pthread_rwlock_clockrdlock(rw, clock, abs);
}
static int wr_clock(void *rw, clockid_t clock, const struct timespec *abs)
{
	return clock == CLOCK_REALTIME
		       ? diag_next.pthread_rwlock_timedwrlock(rw, abs)
		       : diag_next.pthread_rwlock_clockwrlock(rw, clock, abs);
}
static const struct blocking rd_blocking = { rd_lock, rd_timed };
static const struct blocking wr_blocking = { wr_lock, wr_timed };

static int rwlock_call(pthread_rwlock_t *rw, enum diag_mode mode,
		       enum diag_how how, clockid_t clock,
		       const struct timespec *abs)
{
	int rd = mode == DIAG_READ;
	switch (how) {
	case DIAG_BLOCK: return rd ? rd_lock(rw) : wr_lock(rw);
	case DIAG_TRY:
		return rd ? diag_next.pthread_rwlock_tryrdlock(rw)
			  : diag_next.pthread_rwlock_trywrlock(rw);
	default: return rd ? rd_clock(rw, clock, abs) : wr_clock(rw, clock, abs);
	}
}

int diag_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a)
{
	if (diag_on() & DIAG_CHECK)
		diag_check_init("pthread_rwlock_init", rw, a, DIAG_RWLOCK);
	int r = diag_next.pthread_rwlock_init(rw, a);
	struct diag_thread *t = diag_self();
	if (r || !t || !(diag_on() & OBSERVING))
		return r;
	diag_reinited(t, rw);
	int created;
	struct diag_lock *l = diag_lock_get(rw, DIAG_RWLOCK, &created);
	if (!l)
		return r;
	if (!created) {
		diag_lock_retire(l);
		fx_fetch_add_release(&l->gen, 1);
	}
	fx_store_relaxed(&l->owner, 0);
	fx_store_relaxed(&l->state, DIAG_INITED);
	diag_first_use(l);
	return r;
}

int diag_rwlock_destroy(pthread_rwlock_t *rw)
{
	static const char fn[] = "pthread_rwlock_destroy";
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_rwlock_destroy(rw);
	struct diag_lock *l = diag_record(fn, rw, DIAG_RWLOCK);
	if (diag_on() & DIAG_CHECK)
		diag_check_destroy(fn, l, rw, DIAG_RWLOCK);
	int r = diag_next.pthread_rwlock_destroy(rw);
	if (r == 0 && l) {
		diag_lock_retire(l);
		fx_store_relaxed(&l->owner, 0);
		fx_store_relaxed(&l->state, DIAG_DESTROYED);
		fx_fetch_add_release(&l->gen, 1);
		if (diag_on() & DIAG_CHECK)
			diag_check_destroyed(l, rw, DIAG_RWLOCK);
	}
	return r;
}

int diag_rwlock_lock(const char *fn, pthread_rwlock_t *rw, enum diag_mode mode,
		     enum diag_how how, clockid_t clock,
		     const struct timespec *abs, uintptr_t site)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return rwlock_call(rw, mode, how, clock, abs);
	struct diag_lock *l = diag_record(fn, rw, DIAG_RWLOCK);
	if (how != DIAG_TRY && l && (diag_on() & DIAG_LOCKDEP))
		diag_lockdep_acquire(t, l, rw, mode);

	struct wait_info w = { 0 };
	int r = rwlock_call(rw, mode, DIAG_TRY, 0, 0);
	if (fx_likely(r == 0)) {
		diag_acquired(t, l, rw, DIAG_RWLOCK, mode, site, 0);
		return 0;
	}
	if (r == EBUSY && how != DIAG_TRY)
		r = diag_contended(t, l, rw, DIAG_RWLOCK, mode,
			      mode == DIAG_READ ? &rd_blocking : &wr_blocking,
			      how == DIAG_TIMED
				      ? (mode == DIAG_READ ? rd_clock : wr_clock)
				      : 0,
			      clock, abs, &w);
	else if (r != EBUSY && how != DIAG_TRY)
		r = rwlock_call(rw, mode, how, clock, abs);
	if (r == 0)
		diag_acquired(t, l, rw, DIAG_RWLOCK, mode, site, w.waited ? &w : 0);
	else if (r == ETIMEDOUT && l && (diag_on() & DIAG_PROFILE))
		add_shared(&l->timeouts, 1);
	return r;
}

int diag_rwlock_unlock(pthread_rwlock_t *rw)
{
	static const char fn[] = "pthread_rwlock_unlock";
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_rwlock_unlock(rw);
	if (diag_on() & DIAG_CHECK) {
		struct diag_lock *l = diag_lock_find(rw);
		diag_check_use(fn, l, rw, DIAG_RWLOCK);
		diag_check_rwlock_unlock(fn, t, l, rw);
	}
	diag_releasing(t, rw);
	return diag_next.pthread_rwlock_unlock(rw);
}
