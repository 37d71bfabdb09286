/* USDT probes (provider "fxpthread"), placed on the slow paths of the
 * wrappers.  Each is a nop until a tracer attaches; list them with
 * `readelf -n libfxpthread-diag.so` (docs/diagnostics.md#probes).
 *
 *   lock_contended(obj, kind)          trylock failed; about to wait
 *   lock_acquired(obj, kind, wait_ns)  acquired after waiting
 *   cond_wait(cond, mutex)             entering a condvar wait
 *   cond_wake(cond, all)               signal (all=0) or broadcast (1)
 *   owner_died(mutex)                  a lock returned EOWNERDEAD
 *
 * kind: 1 mutex, 2 rwlock (read or write), 3 cond (enum diag_kind). */
#ifndef FX_DIAG_PROBES_H
#define FX_DIAG_PROBES_H

/* Every probe has a semaphore, which a tracer increments while it is
 * attached (perf and bpftrace do): lock_acquired converts its wait to
 * nanoseconds only then.  The semaphores are defined in track.c. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#define DIAG_SEMAPHORE(name)                                                   \
	extern unsigned short fxpthread_##name##_semaphore                     \
		__attribute__((visibility("hidden")))
DIAG_SEMAPHORE(lock_contended);
DIAG_SEMAPHORE(lock_acquired);
DIAG_SEMAPHORE(cond_wait);
DIAG_SEMAPHORE(cond_wake);
DIAG_SEMAPHORE(owner_died);

#define DIAG_PROBE_CONTENDED(obj, kind)                                        \
	STAP_PROBE2(fxpthread, lock_contended, (obj), (int)(kind))
#define DIAG_PROBE_ACQUIRED(obj, kind, wait_ticks)                              \
	do {                                                                   \
		if (__builtin_expect(fxpthread_lock_acquired_semaphore, 0))    \
			STAP_PROBE3(fxpthread, lock_acquired, (obj),           \
				    (int)(kind),                               \
				    (unsigned long long)diag_ticks_to_ns(      \
					    wait_ticks));                      \
	} while (0)
#define DIAG_PROBE_COND_WAIT(cond, mutex)                                      \
	STAP_PROBE2(fxpthread, cond_wait, (cond), (mutex))
#define DIAG_PROBE_COND_WAKE(cond, all)                                        \
	STAP_PROBE2(fxpthread, cond_wake, (cond), (int)(all))
#define DIAG_PROBE_OWNER_DIED(mutex) STAP_PROBE1(fxpthread, owner_died, (mutex))

#endif
