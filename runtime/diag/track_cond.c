/* pthread_cond_* and cnd_* with a feature on (track.c: the steps). */
#define _GNU_SOURCE
#include <errno.h>
#include "track.h"

void diag_cond_inited(pthread_cond_t *c)
{
	struct diag_thread *t = diag_self();
	if (!t || !(diag_on() & OBSERVING))
		return;
	int created;
	struct diag_lock *l = diag_lock_get(c, DIAG_COND, &created);
	if (!l)
		return;
	if (!created) {
		diag_lock_retire(l);
		fx_fetch_add_release(&l->gen, 1);
	}
	l->cond_inside = l->cond_unwoken = 0;
	l->cond_mutex = 0;
	fx_store_relaxed(&l->state, DIAG_INITED);
	diag_first_use(l);
}

int diag_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	if (diag_on() & DIAG_CHECK)
		diag_check_init("pthread_cond_init", c, a, DIAG_COND);
	int r = diag_next.pthread_cond_init(c, a);
	if (r == 0)
		diag_cond_inited(c);
	return r;
}

int diag_cond_destroy(const char *fn, pthread_cond_t *c)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_cond_destroy(c);
	struct diag_lock *l = diag_record(fn, c, DIAG_COND);
	if (diag_on() & DIAG_CHECK)
		diag_check_destroy(fn, l, c, DIAG_COND);
	int r = diag_next.pthread_cond_destroy(c);
	if (r == 0 && l) {
		diag_lock_retire(l);
		fx_store_relaxed(&l->state, DIAG_DESTROYED);
		fx_fetch_add_release(&l->gen, 1);
	}
	return r;
}

int diag_cond_wake(const char *fn, pthread_cond_t *c, int all)
{
	struct diag_thread *t = diag_self();
	if (t) {
		struct diag_lock *l = diag_record(fn, c, DIAG_COND);
		if (l && (diag_on() & DIAG_CHECK))
			diag_check_cond_wake(l, all);
		if (l && (diag_on() & DIAG_PROFILE))
			add_shared(all ? &l->broadcasts : &l->signals, 1);
		DIAG_PROBE_COND_WAKE(c, all);
	}
	return all ? diag_next.pthread_cond_broadcast(c)
		   : diag_next.pthread_cond_signal(c);
}

static int cond_call(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
		     const struct timespec *abs)
{
	if (clock >= 0)
		return diag_next.pthread_cond_clockwait(c, m, clock, abs);
	return abs ? diag_next.pthread_cond_timedwait(c, m, abs)
		   : diag_next.pthread_cond_wait(c, m);
}

/* With FXPTHREAD_CHECK: while the thread is blocked in c, its record
 * says so (diag_thread.inside, for the check of *_init) and c's record
 * counts it (cond_inside, cond_unwoken).  Both are undone when the wait
 * returns, and by a cleanup handler when the thread is cancelled in it:
 * a cancelled waiter must not leave a condvar looking waited on, or its
 * destroy would be reported. */
struct checked_wait {
	struct diag_thread *t;
	struct diag_lock *cl;
};

static void checked_wait_over(void *arg)
{
	struct checked_wait *w = arg;
	fx_store_release(&w->t->inside, 0);
	if (w->cl)
		diag_check_cond_leave(w->cl);
}

static DIAG_NOINLINE int checked_cond_call(struct diag_thread *t,
					   struct diag_lock *cl,
					   pthread_cond_t *c, pthread_mutex_t *m,
					   clockid_t clock,
					   const struct timespec *abs)
{
	struct checked_wait w = { t, cl };
	int r;
	fx_store_release(&t->inside, (const void *)c);
	pthread_cleanup_push(checked_wait_over, &w);
	r = cond_call(c, m, clock, abs);
	pthread_cleanup_pop(1);
	return r;
}

int diag_cond_wait(const char *fn, pthread_cond_t *c, pthread_mutex_t *m,
		   clockid_t clock, const struct timespec *abs, uintptr_t site)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return cond_call(c, m, clock, abs);
	unsigned f = diag_on();
	struct diag_lock *cl = diag_record(fn, c, DIAG_COND);
	struct diag_lock *ml = diag_record(fn, m, DIAG_MUTEX);
	if (f & DIAG_CHECK)
		diag_check_cond_enter(fn, t, cl, c, ml, m);

	/* The wait releases the mutex: end its hold here. */
	struct diag_held saved = { 0 };
	int at = diag_held_find(t, m);
	int was_held = at >= 0;
	if (was_held)
		saved = t->held[at];
	diag_releasing(t, m);

	uint32_t stack = (f & DIAG_PROFILE) ? diag_stack_capture() : 0;
	DIAG_PROBE_COND_WAIT(c, m);
	uint64_t t0 = diag_ticks();
	int r = (f & DIAG_CHECK) ? checked_cond_call(t, cl, c, m, clock, abs)
				 : cond_call(c, m, clock, abs);
	uint64_t waited = diag_ticks() - t0;

	if (r == EINVAL || r == EPERM) {
		/* Refused before the mutex was released: still held. */
		if (was_held) {
			diag_held_push(t, saved.lock, m, DIAG_MUTEX, DIAG_WRITE,
				       saved.site, saved.since);
			if (ml && (f & (DIAG_CHECK | DIAG_LOCKDEP)))
				fx_store_relaxed(&ml->owner, diag_gettid());
		}
		return r;
	}
	if (cl && (f & DIAG_PROFILE)) {
		add_shared(&cl->acquisitions, 1);
		add_shared(&cl->wait_total, waited);
		max_shared(&cl->wait_max, waited);
		if (r == ETIMEDOUT)
			add_shared(&cl->timeouts, 1);
		diag_site_add(cl, stack, waited);
	}
	if (r == 0 || r == ETIMEDOUT || r == EOWNERDEAD) {
		/* Re-acquired inside the core: order it after what we hold,
		 * and hold it again. */
		if (ml && (f & DIAG_LOCKDEP))
			diag_lockdep_acquire(t, ml, m, DIAG_WRITE);
		diag_acquired(t, ml, m, DIAG_MUTEX, DIAG_WRITE, site, 0);
		if (r == EOWNERDEAD)
			DIAG_PROBE_OWNER_DIED(m);
	}
	return r;
}
