/* FXPTHREAD_CHECK for barriers.  Barriers are not profiled or ordered,
 * so there is no record per barrier: its bytes and the threads' records
 * say everything.
 *
 * A state the core produces (include/fx/internal.h, docs/layout.md
 * #barrier): count 1..INT_MAX (init refuses 0), lock a 0/1/2 word,
 * arrived < count, flags PSHARED or 0.  There is no static initializer,
 * so all-zero memory is not a barrier either.  The other fields (seq,
 * the spin hint, the core's sleeper count) take any value.
 *
 * Destroyed: the core's destroy sets bit 31 of `leaving` and waits for
 * the last round's threads to leave (docs/barrier.md); only init clears
 * it.  This library writes nothing into a barrier.
 *
 * In use: a thread inside pthread_barrier_wait publishes the barrier in
 * diag_thread.inside.  init of a barrier (not destroyed) that another
 * live thread is blocked in is the error.
 */
#define _GNU_SOURCE
#include <limits.h>
#include "diag.h"
#include "fx/internal.h"

#define BARRIER_DESTROYED 0x80000000u /* in `leaving`, docs/barrier.md */

static int destroyed(const fx_barrier_t *b)
{
	return (fx_load_relaxed(&b->leaving) & BARRIER_DESTROYED) != 0;
}

static const char *bad_barrier(const fx_barrier_t *b)
{
	uint32_t count = fx_load_relaxed(&b->count);
	if (count == 0 || count > INT_MAX)
		return "its count is not a barrier's count";
	if (fx_load_relaxed(&b->lock) > FX_CONTENDED)
		return "its lock word is not a state a barrier has";
	if (fx_load_relaxed(&b->arrived) >= count)
		return "more threads arrived than its count";
	if (fx_load_relaxed(&b->flags) & ~FX_BARRIER_PSHARED)
		return "its flags hold bits no barrier has";
	return 0;
}

static void check_use(const char *fn, const fx_barrier_t *b)
{
	if (destroyed(b))
		diag_fatal(fn, 0, b,
			   "barrier %p is used after pthread_barrier_destroy",
			   (const void *)b);
	const char *why = bad_barrier(b);
	if (why)
		diag_fatal(fn, 0, b,
			   "barrier %p was never initialized: %s (use "
			   "pthread_barrier_init)",
			   (const void *)b, why);
}

int diag_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
		      unsigned n)
{
	static const char fn[] = "pthread_barrier_init";
	const fx_barrier_t *fb = (const fx_barrier_t *)b;
	struct diag_thread *t = diag_self();
	if (t) {
		if (a)
			diag_check_attr(fn, a, DIAG_ATTR_BARRIER);
		pid_t who;
		if (!destroyed(fb) && (who = diag_other_inside(t, b)))
			diag_fatal(fn, 0, b,
				   "initializing barrier %p while thread %d is "
				   "blocked on it",
				   (void *)b, (int)who);
	}
	return diag_next.pthread_barrier_init(b, a, n);
}

int diag_barrier_destroy(pthread_barrier_t *b)
{
	if (diag_self())
		check_use("pthread_barrier_destroy", (const fx_barrier_t *)b);
	return diag_next.pthread_barrier_destroy(b);
}

int diag_barrier_wait(pthread_barrier_t *b)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_barrier_wait(b);
	check_use("pthread_barrier_wait", (const fx_barrier_t *)b);
	fx_store_release(&t->inside, (const void *)b);
	int r = diag_next.pthread_barrier_wait(b);
	/* Not the barrier: it may be destroyed and freed by now. */
	fx_store_release(&t->inside, 0);
	return r;
}
