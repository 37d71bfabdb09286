/* The core's entry points, as seen from the diagnostics library.
 *
 * Three lists.  DIAG_WRAPPED: the lock entry points every feature
 * observes (wrap_mutex.c, wrap_rwlock.c, wrap_cond.c, wrap_c11.c).
 * DIAG_CHECKED: names only FXPTHREAD_CHECK looks at (attribute
 * accessors, barriers, spin locks: wrap_attr.c, wrap_barrier.c,
 * wrap_spin.c).  DIAG_FORWARDED: every other name the core exports;
 * forward.c defines each as a one-line jump to the core, so that
 * preloading the diagnostics library alone (which pulls the core in
 * through DT_NEEDED, but behind libc in the global scope) still sends
 * every call to the core, never half of them to glibc.
 *
 * diag_next.NAME starts out as a stub that resolves all of them and
 * retries (next.c), so a call that arrives before the constructor (from
 * another library's constructor) is served too.
 *
 * X(return type, symbol, parameter list, argument list)
 */
#ifndef FX_DIAG_NEXT_H
#define FX_DIAG_NEXT_H

#include <pthread.h>
#include <threads.h>
#include <time.h>

#define DIAG_WRAPPED(X)                                                        \
	X(int, pthread_mutex_init,                                             \
	  (pthread_mutex_t * m, const pthread_mutexattr_t *a), (m, a))         \
	X(int, pthread_mutex_destroy, (pthread_mutex_t * m), (m))              \
	X(int, pthread_mutex_lock, (pthread_mutex_t * m), (m))                 \
	X(int, pthread_mutex_trylock, (pthread_mutex_t * m), (m))              \
	X(int, pthread_mutex_unlock, (pthread_mutex_t * m), (m))               \
	X(int, pthread_mutex_timedlock,                                        \
	  (pthread_mutex_t * m, const struct timespec *abs), (m, abs))         \
	X(int, pthread_mutex_clocklock,                                        \
	  (pthread_mutex_t * m, clockid_t clk, const struct timespec *abs),    \
	  (m, clk, abs))                                                       \
	X(int, pthread_cond_init,                                              \
	  (pthread_cond_t * c, const pthread_condattr_t *a), (c, a))           \
	X(int, pthread_cond_destroy, (pthread_cond_t * c), (c))                \
	X(int, pthread_cond_signal, (pthread_cond_t * c), (c))                 \
	X(int, pthread_cond_broadcast, (pthread_cond_t * c), (c))              \
	X(int, pthread_cond_wait, (pthread_cond_t * c, pthread_mutex_t *m),    \
	  (c, m))                                                              \
	X(int, pthread_cond_timedwait,                                         \
	  (pthread_cond_t * c, pthread_mutex_t *m,                             \
	   const struct timespec *abs),                                        \
	  (c, m, abs))                                                         \
	X(int, pthread_cond_clockwait,                                         \
	  (pthread_cond_t * c, pthread_mutex_t *m, clockid_t clk,              \
	   const struct timespec *abs),                                        \
	  (c, m, clk, abs))                                                    \
	X(int, pthread_rwlock_init,                                            \
	  (pthread_rwlock_t * rw, const pthread_rwlockattr_t *a), (rw, a))     \
	X(int, pthread_rwlock_destroy, (pthread_rwlock_t * rw), (rw))          \
	X(int, pthread_rwlock_rdlock, (pthread_rwlock_t * rw), (rw))           \
	X(int, pthread_rwlock_wrlock, (pthread_rwlock_t * rw), (rw))           \
	X(int, pthread_rwlock_tryrdlock, (pthread_rwlock_t * rw), (rw))        \
	X(int, pthread_rwlock_trywrlock, (pthread_rwlock_t * rw), (rw))        \
	X(int, pthread_rwlock_unlock, (pthread_rwlock_t * rw), (rw))           \
	X(int, pthread_rwlock_timedrdlock,                                     \
	  (pthread_rwlock_t * rw, const struct timespec *abs), (rw, abs))      \
	X(int, pthread_rwlock_timedwrlock,                                     \
	  (pthread_rwlock_t * rw, const struct timespec *abs), (rw, abs))      \
	X(int, pthread_rwlock_clockrdlock,                                     \
	  (pthread_rwlock_t * rw, clockid_t clk, const struct timespec *abs),  \
	  (rw, clk, abs))                                                      \
	X(int, pthread_rwlock_clockwrlock,                                     \
	  (pthread_rwlock_t * rw, clockid_t clk, const struct timespec *abs),  \
	  (rw, clk, abs))                                                      \
	X(int, mtx_init, (mtx_t * m, int type), (m, type))                     \
	X(void, mtx_destroy, (mtx_t * m), (m))                                 \
	X(int, mtx_lock, (mtx_t * m), (m))                                     \
	X(int, mtx_trylock, (mtx_t * m), (m))                                  \
	X(int, mtx_unlock, (mtx_t * m), (m))                                   \
	X(int, mtx_timedlock, (mtx_t * m, const struct timespec *abs),         \
	  (m, abs))                                                            \
	X(int, cnd_init, (cnd_t * c), (c))                                     \
	X(void, cnd_destroy, (cnd_t * c), (c))                                 \
	X(int, cnd_signal, (cnd_t * c), (c))                                   \
	X(int, cnd_broadcast, (cnd_t * c), (c))                                \
	X(int, cnd_wait, (cnd_t * c, mtx_t *m), (c, m))                        \
	X(int, cnd_timedwait,                                                  \
	  (cnd_t * c, mtx_t *m, const struct timespec *abs), (c, m, abs))

/* Attribute accessors: observed by FXPTHREAD_CHECK only (wrap_attr.c),
 * one list per attribute type, the attribute object always named `a`. */
#define DIAG_MUTEXATTR_USE(X)                                                  \
	X(int, pthread_mutexattr_settype, (pthread_mutexattr_t * a, int v),    \
	  (a, v))                                                              \
	X(int, __pthread_mutexattr_settype, (pthread_mutexattr_t * a, int v),  \
	  (a, v))                                                              \
	X(int, pthread_mutexattr_setkind_np,                                   \
	  (pthread_mutexattr_t * a, int v), (a, v))                            \
	X(int, pthread_mutexattr_gettype,                                      \
	  (const pthread_mutexattr_t *a, int *v), (a, v))                      \
	X(int, pthread_mutexattr_getkind_np,                                   \
	  (const pthread_mutexattr_t *a, int *v), (a, v))                      \
	X(int, pthread_mutexattr_setpshared,                                   \
	  (pthread_mutexattr_t * a, int v), (a, v))                            \
	X(int, pthread_mutexattr_getpshared,                                   \
	  (const pthread_mutexattr_t *a, int *v), (a, v))                      \
	X(int, pthread_mutexattr_setrobust, (pthread_mutexattr_t * a, int v),  \
	  (a, v))                                                              \
	X(int, pthread_mutexattr_setrobust_np,                                 \
	  (pthread_mutexattr_t * a, int v), (a, v))                            \
	X(int, pthread_mutexattr_getrobust,                                    \
	  (const pthread_mutexattr_t *a, int *v), (a, v))                      \
	X(int, pthread_mutexattr_getrobust_np,                                 \
	  (pthread_mutexattr_t * a, int *v), (a, v))                           \
	X(int, pthread_mutexattr_setprotocol,                                  \
	  (pthread_mutexattr_t * a, int v), (a, v))                            \
	X(int, pthread_mutexattr_getprotocol,                                  \
	  (const pthread_mutexattr_t *a, int *v), (a, v))                      \
	X(int, pthread_mutexattr_setprioceiling,                               \
	  (pthread_mutexattr_t * a, int v), (a, v))                            \
	X(int, pthread_mutexattr_getprioceiling,                               \
	  (const pthread_mutexattr_t *a, int *v), (a, v))

#define DIAG_CONDATTR_USE(X)                                                   \
	X(int, pthread_condattr_setpshared, (pthread_condattr_t * a, int v),   \
	  (a, v))                                                              \
	X(int, pthread_condattr_getpshared,                                    \
	  (const pthread_condattr_t *a, int *v), (a, v))                       \
	X(int, pthread_condattr_setclock,                                      \
	  (pthread_condattr_t * a, clockid_t v), (a, v))                       \
	X(int, pthread_condattr_getclock,                                      \
	  (const pthread_condattr_t *a, clockid_t *v), (a, v))

#define DIAG_RWLOCKATTR_USE(X)                                                 \
	X(int, pthread_rwlockattr_setkind_np,                                  \
	  (pthread_rwlockattr_t * a, int v), (a, v))                           \
	X(int, pthread_rwlockattr_getkind_np,                                  \
	  (const pthread_rwlockattr_t *a, int *v), (a, v))                     \
	X(int, pthread_rwlockattr_setpshared,                                  \
	  (pthread_rwlockattr_t * a, int v), (a, v))                           \
	X(int, pthread_rwlockattr_getpshared,                                  \
	  (const pthread_rwlockattr_t *a, int *v), (a, v))

#define DIAG_BARRIERATTR_USE(X)                                                \
	X(int, pthread_barrierattr_setpshared,                                 \
	  (pthread_barrierattr_t * a, int v), (a, v))                          \
	X(int, pthread_barrierattr_getpshared,                                 \
	  (const pthread_barrierattr_t *a, int *v), (a, v))

/* Barriers and spin locks: observed by FXPTHREAD_CHECK only
 * (wrap_barrier.c, wrap_spin.c). */
#define DIAG_CHECKED(X)                                                        \
	DIAG_MUTEXATTR_USE(X)                                                  \
	DIAG_CONDATTR_USE(X)                                                   \
	DIAG_RWLOCKATTR_USE(X)                                                 \
	DIAG_BARRIERATTR_USE(X)                                                \
	X(int, pthread_barrier_init,                                           \
	  (pthread_barrier_t * b, const pthread_barrierattr_t *a,              \
	   unsigned n),                                                        \
	  (b, a, n))                                                           \
	X(int, pthread_barrier_destroy, (pthread_barrier_t * b), (b))          \
	X(int, pthread_barrier_wait, (pthread_barrier_t * b), (b))             \
	X(int, pthread_spin_init, (pthread_spinlock_t * l, int v), (l, v))     \
	X(int, pthread_spin_destroy, (pthread_spinlock_t * l), (l))            \
	X(int, pthread_spin_lock, (pthread_spinlock_t * l), (l))               \
	X(int, pthread_spin_trylock, (pthread_spinlock_t * l), (l))            \
	X(int, pthread_spin_unlock, (pthread_spinlock_t * l), (l))

#define DIAG_FORWARDED(X)                                                      \
	X(int, pthread_mutex_consistent, (pthread_mutex_t * m), (m))           \
	X(int, pthread_mutex_consistent_np, (pthread_mutex_t * m), (m))        \
	X(int, pthread_mutex_getprioceiling,                                   \
	  (const pthread_mutex_t *m, int *c), (m, c))                          \
	X(int, pthread_mutex_setprioceiling,                                   \
	  (pthread_mutex_t * m, int c, int *old), (m, c, old))                 \
	X(int, pthread_mutexattr_init, (pthread_mutexattr_t * a), (a))         \
	X(int, __pthread_mutexattr_init, (pthread_mutexattr_t * a), (a))       \
	X(int, pthread_mutexattr_destroy, (pthread_mutexattr_t * a), (a))      \
	X(int, __pthread_mutexattr_destroy, (pthread_mutexattr_t * a), (a))    \
	X(int, pthread_condattr_init, (pthread_condattr_t * a), (a))           \
	X(int, pthread_condattr_destroy, (pthread_condattr_t * a), (a))        \
	X(int, pthread_rwlockattr_init, (pthread_rwlockattr_t * a), (a))       \
	X(int, pthread_rwlockattr_destroy, (pthread_rwlockattr_t * a), (a))    \
	X(int, pthread_barrierattr_init, (pthread_barrierattr_t * a), (a))     \
	X(int, pthread_barrierattr_destroy, (pthread_barrierattr_t * a), (a))

#define DIAG_NEXT_FIELD(ret, name, params, args) ret(*name) params;
struct diag_next {
	DIAG_WRAPPED(DIAG_NEXT_FIELD)
	DIAG_CHECKED(DIAG_NEXT_FIELD)
	DIAG_FORWARDED(DIAG_NEXT_FIELD)
};
#undef DIAG_NEXT_FIELD

extern struct diag_next diag_next __attribute__((visibility("hidden")));

/* Resolve every entry of diag_next (idempotent, thread-safe, safe to
 * re-enter from inside the resolution itself). */
__attribute__((visibility("hidden"))) void diag_resolve(void);

/* Lookup of a symbol in the core's dynamic symbol table, without the
 * dynamic linker's locks or malloc (elf.c). */
__attribute__((visibility("hidden"))) void *diag_elf_lookup(const char *name);

#endif
