/* PTHREAD_PRIO_PROTECT: while a thread holds PP mutexes it runs at least
 * at the highest of their ceilings (SCHED_FIFO), and it returns to its own
 * scheduling when it releases the last one.  Per-thread bookkeeping counts
 * held mutexes per ceiling, so releases in any order recompute the right
 * priority.  docs/mutex.md#prio-protect */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include "fx/internal.h"

FX_HIDDEN int fx_pp_enter(uint32_t kind);
FX_HIDDEN void fx_pp_leave(int ceiling);

static int ceiling_of(uint32_t kind)
{
	return (int)((kind & FX_MUTEX_CEILING_MASK) >> FX_MUTEX_CEILING_SHIFT);
}

static int highest_held(const struct fx_thread *t)
{
	for (int c = 99; c > 0; c--)
		if (t->pp_held[c])
			return c;
	return 0;
}

/* Apply max(own priority, held ceilings).  Without the privilege to
 * change scheduling the lock still works, unboosted. */
static void apply(struct fx_thread *t)
{
	int want = highest_held(t);
	int rt = t->pp_saved_policy == SCHED_FIFO ||
		 t->pp_saved_policy == SCHED_RR;
	int base = rt ? t->pp_saved_prio : 0;
	struct sched_param sp;
	if (want > base) {
		if (t->pp_boosted != want) {
			sp.sched_priority = want;
			if (pthread_setschedparam(pthread_self(), SCHED_FIFO,
						  &sp) == 0)
				t->pp_boosted = want;
		}
	} else if (t->pp_boosted) {
		sp.sched_priority = t->pp_saved_prio;
		pthread_setschedparam(pthread_self(), t->pp_saved_policy, &sp);
		t->pp_boosted = 0;
	}
}

/* Raise the caller for a PP mutex of this kind; returns the ceiling it
 * entered with (to be passed to fx_pp_leave), or -errno. */
int fx_pp_enter(uint32_t kind)
{
	struct fx_thread *t = &fx_self_tls;
	int c = ceiling_of(kind);
	if (c < sched_get_priority_min(SCHED_FIFO) ||
	    c > sched_get_priority_max(SCHED_FIFO))
		return -EINVAL;
	if (t->pp_depth == 0) {
		struct sched_param sp;
		if (pthread_getschedparam(pthread_self(), &t->pp_saved_policy,
					  &sp) != 0)
			return -EINVAL;
		t->pp_saved_prio = sp.sched_priority;
	}
	/* POSIX: a caller running above the ceiling gets EINVAL. */
	if ((t->pp_saved_policy == SCHED_FIFO ||
	     t->pp_saved_policy == SCHED_RR) &&
	    t->pp_saved_prio > c && t->pp_depth == 0)
		return -EINVAL;
	t->pp_depth++;
	t->pp_held[c]++;
	apply(t);
	return c;
}

void fx_pp_leave(int c)
{
	struct fx_thread *t = &fx_self_tls;
	if (c < 0 || c >= (int)sizeof t->pp_held || t->pp_depth == 0 ||
	    t->pp_held[c] == 0)
		return;
	t->pp_depth--;
	t->pp_held[c]--;
	apply(t);
}

int fx_mutex_getprioceiling(const fx_mutex_t *m, int *ceiling)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (kind == UINT32_MAX || !(kind & FX_MUTEX_PP))
		return EINVAL;
	*ceiling = ceiling_of(kind);
	return 0;
}

/* POSIX: lock the mutex, change the ceiling, unlock. */
int fx_mutex_setprioceiling(fx_mutex_t *m, int ceiling, int *old)
{
	uint32_t kind = fx_load_relaxed(&m->kind);
	if (kind == UINT32_MAX || !(kind & FX_MUTEX_PP))
		return EINVAL;
	if (ceiling < sched_get_priority_min(SCHED_FIFO) ||
	    ceiling > sched_get_priority_max(SCHED_FIFO))
		return EINVAL;
	/* POSIX: lock as pthread_mutex_lock would, so an error-checking
	 * mutex the caller holds answers EDEADLK and a recursive one is
	 * simply re-entered. */
	uint32_t type = kind & FX_MUTEX_TYPE_MASK;
	int owned = (type == FX_MUTEX_RECURSIVE || type == FX_MUTEX_ERRORCHECK) &&
		    fx_load_relaxed(&m->owner) == (uint32_t)fx_tid();
	if (owned && type == FX_MUTEX_ERRORCHECK)
		return EDEADLK;
	if (!owned) {
		int r = fx_mutex_lock_slow(m, CLOCK_REALTIME, 0, 0);
		if (r && r != EOWNERDEAD)
			return r;
	}
	kind = fx_load_relaxed(&m->kind);
	if (old)
		*old = ceiling_of(kind);
	uint32_t nk = (kind & ~FX_MUTEX_CEILING_MASK) |
		      ((uint32_t)ceiling << FX_MUTEX_CEILING_SHIFT);
	/* The unlock below leaves the ceiling we entered with (recorded in
	 * the mutex), whatever kind says by then. */
	if (!owned) {
		fx_store_relaxed(&m->kind, nk);
		fx_mutex_unlock_slow(m);
	} else {
		/* The holder moves to the new ceiling at once (as in glibc):
		 * its bookkeeping follows, and the mutex records it for the
		 * unlock. */
		struct fx_thread *t = &fx_self_tls;
		int entered = (int)fx_load_relaxed(&m->state);
		fx_store_relaxed(&m->kind, nk);
		if (entered >= 0 && entered < (int)sizeof t->pp_held &&
		    t->pp_held[entered]) {
			t->pp_held[entered]--;
			t->pp_held[ceiling]++;
			fx_store_relaxed(&m->state, (uint32_t)ceiling);
			apply(t);
		}
	}
	return 0;
}
