/* pthread_mutex_* and mtx_* with a feature on (track.c: the steps). */
#define _GNU_SOURCE
#include <errno.h>
#include "track.h"

static int m_lock(void *m) { return diag_next.pthread_mutex_lock(m); }
static int m_timed(void *m, const struct timespec *abs)
{
	return diag_next.pthread_mutex_timedlock(m, abs);
}
static int m_clock(void *m, clockid_t clock, const struct timespec *abs)
{
	return clock == CLOCK_REALTIME
		       ? diag_next.pthread_mutex_timedlock(m, abs)
		       : diag_next.pthread_mutex_clocklock(m, clock, abs);
}
static const struct blocking mutex_blocking = { m_lock, m_timed };

static int mutex_call(pthread_mutex_t *m, enum diag_how how, clockid_t clock,
		      const struct timespec *abs)
{
	switch (how) {
	case DIAG_BLOCK: return diag_next.pthread_mutex_lock(m);
	case DIAG_TRY: return diag_next.pthread_mutex_trylock(m);
	default: return m_clock(m, clock, abs);
	}
}

void diag_mutex_inited(pthread_mutex_t *m)
{
	struct diag_thread *t = diag_self();
	if (!t || !(diag_on() & OBSERVING))
		return;
	diag_reinited(t, m);
	int created;
	struct diag_lock *l = diag_lock_get(m, DIAG_MUTEX, &created);
	if (!l)
		return;
	if (!created) {
		/* A new object at an old address: a new life. */
		diag_lock_retire(l);
		fx_fetch_add_release(&l->gen, 1);
	}
	fx_store_relaxed(&l->owner, 0);
	fx_store_relaxed(&l->state, DIAG_INITED);
	diag_first_use(l);
}

int diag_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	if (diag_on() & DIAG_CHECK)
		diag_check_init("pthread_mutex_init", m, a, DIAG_MUTEX);
	int r = diag_next.pthread_mutex_init(m, a);
	if (r == 0)
		diag_mutex_inited(m);
	return r;
}

int diag_mutex_destroy(const char *fn, pthread_mutex_t *m)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_mutex_destroy(m);
	struct diag_lock *l = diag_record(fn, m, DIAG_MUTEX);
	if (diag_on() & DIAG_CHECK)
		diag_check_destroy(fn, l, m, DIAG_MUTEX);
	int r = diag_next.pthread_mutex_destroy(m);
	if (r == 0 && l) {
		diag_lock_retire(l);
		fx_store_relaxed(&l->owner, 0);
		fx_store_relaxed(&l->state, DIAG_DESTROYED);
		fx_fetch_add_release(&l->gen, 1);
	}
	return r;
}

static DIAG_NOINLINE int mutex_lock_slow(struct diag_thread *t,
					 struct diag_lock *l,
					 pthread_mutex_t *m, int r,
					 enum diag_how how, clockid_t clock,
					 const struct timespec *abs,
					 uintptr_t site)
{
	struct wait_info w = { 0 };
	if (r == EBUSY && how != DIAG_TRY)
		r = diag_contended(t, l, m, DIAG_MUTEX, DIAG_WRITE, &mutex_blocking,
			      how == DIAG_TIMED ? m_clock : 0, clock, abs, &w);
	else if (r != 0 && r != EBUSY && r != EOWNERDEAD && how != DIAG_TRY)
		r = mutex_call(m, how, clock, abs);
	if (r == 0 || r == EOWNERDEAD)
		diag_acquired(t, l, m, DIAG_MUTEX, DIAG_WRITE, site,
			 w.waited ? &w : 0);
	if (r == EOWNERDEAD)
		DIAG_PROBE_OWNER_DIED(m);
	else if (r == ETIMEDOUT && l && (diag_on() & DIAG_PROFILE))
		add_shared(&l->timeouts, 1);
	return r;
}

int diag_mutex_lock(const char *fn, pthread_mutex_t *m, enum diag_how how,
		    clockid_t clock, const struct timespec *abs, uintptr_t site)
{
	struct diag_thread *t = diag_self();
	if (fx_unlikely(!t))
		return mutex_call(m, how, clock, abs);
	struct diag_lock *l = diag_record(fn, m, DIAG_MUTEX);
	if (how != DIAG_TRY && l && (diag_on() & DIAG_LOCKDEP))
		diag_lockdep_acquire(t, l, m, DIAG_WRITE);
	int r = diag_next.pthread_mutex_trylock(m);
	if (fx_likely(r == 0)) {
		diag_acquired(t, l, m, DIAG_MUTEX, DIAG_WRITE, site, 0);
		return 0;
	}
	return mutex_lock_slow(t, l, m, r, how, clock, abs, site);
}

int diag_mutex_unlock(const char *fn, pthread_mutex_t *m)
{
	struct diag_thread *t = diag_self();
	if (fx_unlikely(!t))
		return diag_next.pthread_mutex_unlock(m);
	if (diag_on() & DIAG_CHECK) {
		struct diag_lock *l = diag_lock_find(m);
		diag_check_use(fn, l, m, DIAG_MUTEX);
		diag_check_mutex_unlock(fn, t, l, m);
	}
	diag_releasing(t, m);
	return diag_next.pthread_mutex_unlock(m);
}
