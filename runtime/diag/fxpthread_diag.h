/* fxpthread diagnostics: programmatic access to the lock profiler.
 *
 * These functions live in libfxpthread-diag.so (link with
 * -lfxpthread-diag, or look them up with dlsym when the library is only
 * preloaded).  They answer only while a diagnostics feature is enabled
 * (FXPTHREAD_PROFILE=1 for the statistics); see docs/diagnostics.md.
 */
#ifndef FXPTHREAD_DIAG_H
#define FXPTHREAD_DIAG_H

#ifdef __cplusplus
extern "C" {
#endif

/* Bits of fxpthread_diag_features(). */
#define FXPTHREAD_DIAG_PROFILE 1u /* FXPTHREAD_PROFILE */
#define FXPTHREAD_DIAG_LOCKDEP 2u /* FXPTHREAD_LOCKDEP */
#define FXPTHREAD_DIAG_CHECK 4u	  /* FXPTHREAD_CHECK */
#define FXPTHREAD_DIAG_PROBES 8u  /* FXPTHREAD_PROBES */

/* Kinds in struct fxpthread_lock_stats. */
#define FXPTHREAD_DIAG_MUTEX 1
#define FXPTHREAD_DIAG_RWLOCK 2
#define FXPTHREAD_DIAG_COND 3

struct fxpthread_lock_stats {
	int kind;			    /* FXPTHREAD_DIAG_* */
	unsigned long long acquisitions;    /* for a cond: waits */
	unsigned long long contended;	    /* acquisitions that had to wait */
	unsigned long long timeouts;	    /* timed calls that timed out */
	unsigned long long wait_total_ns;   /* time spent waiting */
	unsigned long long wait_max_ns;
	unsigned long long hold_total_ns;   /* time held (mutex, rwlock) */
	unsigned long long hold_max_ns;
	unsigned long long signals;	    /* cond only */
	unsigned long long broadcasts;	    /* cond only */
};

/* The enabled features, FXPTHREAD_DIAG_* bits; 0 when none is. */
unsigned fxpthread_diag_features(void);

/* Statistics of the mutex, rwlock or condvar at obj since it was
 * initialized (or first used).  0 on success; ENOENT if the object has
 * not been seen; ENOSYS if profiling is off. */
int fxpthread_diag_lock_stats(const void *obj, struct fxpthread_lock_stats *out);

/* Write the profile report now, in FXPTHREAD_PROFILE_FORMAT, to fd.
 * 0, or ENOSYS if profiling is off. */
int fxpthread_diag_dump(int fd);

/* Zero every counter (first-use backtraces are kept).  0 or ENOSYS. */
int fxpthread_diag_reset(void);

/* Lock-order inversions reported so far (FXPTHREAD_LOCKDEP). */
unsigned long fxpthread_diag_inversions(void);

#ifdef __cplusplus
}
#endif

#endif
