/* The public API (fxpthread_diag.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include "diag.h"
#include "fxpthread_diag.h"

_Static_assert(FXPTHREAD_DIAG_PROFILE == DIAG_PROFILE &&
		       FXPTHREAD_DIAG_LOCKDEP == DIAG_LOCKDEP &&
		       FXPTHREAD_DIAG_CHECK == DIAG_CHECK &&
		       FXPTHREAD_DIAG_PROBES == DIAG_PROBES,
	       "public feature bits");
_Static_assert(FXPTHREAD_DIAG_MUTEX == DIAG_MUTEX &&
		       FXPTHREAD_DIAG_RWLOCK == DIAG_RWLOCK &&
		       FXPTHREAD_DIAG_COND == DIAG_COND,
	       "public kinds");

static int profiling(void)
{
	return (fx_load_acquire(&diag_features) & DIAG_PROFILE) != 0;
}

DIAG_EXPORT unsigned fxpthread_diag_features(void)
{
	return fx_load_acquire(&diag_features);
}

DIAG_EXPORT int fxpthread_diag_lock_stats(const void *obj,
					  struct fxpthread_lock_stats *out)
{
	if (!profiling())
		return ENOSYS;
	struct diag_lock *l = diag_lock_find(obj);
	if (!l || !l->kind)
		return ENOENT;
	memset(out, 0, sizeof *out);
	out->kind = l->kind;
	out->acquisitions = fx_load_relaxed(&l->acquisitions);
	out->contended = fx_load_relaxed(&l->contended);
	out->timeouts = fx_load_relaxed(&l->timeouts);
	out->wait_total_ns = diag_ticks_to_ns(fx_load_relaxed(&l->wait_total));
	out->wait_max_ns = diag_ticks_to_ns(fx_load_relaxed(&l->wait_max));
	out->hold_total_ns = diag_ticks_to_ns(fx_load_relaxed(&l->hold_total));
	out->hold_max_ns = diag_ticks_to_ns(fx_load_relaxed(&l->hold_max));
	out->signals = fx_load_relaxed(&l->signals);
	out->broadcasts = fx_load_relaxed(&l->broadcasts);
	return 0;
}

DIAG_EXPORT int fxpthread_diag_dump(int fd)
{
	if (!profiling())
		return ENOSYS;
	diag_profile_report(fd, diag_config.format);
	return 0;
}

DIAG_EXPORT int fxpthread_diag_reset(void)
{
	if (!profiling())
		return ENOSYS;
	diag_table_reset_counters();
	return 0;
}

DIAG_EXPORT unsigned long fxpthread_diag_inversions(void)
{
	return (unsigned long)diag_lockdep_inversions();
}
