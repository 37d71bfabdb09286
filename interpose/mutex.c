/* pthread_mutex_* and pthread_mutexattr_*: glibc's names onto the runtime
 * (runtime/mutex/).  The uncontended paths are inlined here from
 * include/fx/fast.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include "export.h"
#include "fx/fast.h"
#include "fx/internal.h"

#define M(m) ((fx_mutex_t *)(m))
#define A(a) ((uint32_t *)(a))

FX_EXPORT int pthread_mutex_init(pthread_mutex_t *m,
				 const pthread_mutexattr_t *a)
{
	return fx_mutex_init(M(m), (const uint32_t *)a);
}
FX_ALIAS(__pthread_mutex_init, pthread_mutex_init);

FX_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return fx_mutex_destroy(M(m));
}
FX_ALIAS(__pthread_mutex_destroy, pthread_mutex_destroy);

FX_EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
	return fx_mutex_lock_fast(M(m));
}
FX_ALIAS(__pthread_mutex_lock, pthread_mutex_lock);

FX_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
	return fx_mutex_trylock_fast(M(m));
}
FX_ALIAS(__pthread_mutex_trylock, pthread_mutex_trylock);

FX_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
	return fx_mutex_unlock_fast(M(m));
}
FX_ALIAS(__pthread_mutex_unlock, pthread_mutex_unlock);

FX_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m,
				      const struct timespec *abs)
{
	return fx_mutex_lock_slow(M(m), CLOCK_REALTIME, abs, 0);
}

FX_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
				      const struct timespec *abs)
{
	if (!fx_clock_supported(clock))
		return EINVAL;
	return fx_mutex_lock_slow(M(m), clock, abs, 0);
}

FX_EXPORT int pthread_mutex_consistent(pthread_mutex_t *m)
{
	return fx_mutex_consistent(M(m));
}
FX_ALIAS(pthread_mutex_consistent_np, pthread_mutex_consistent);

FX_EXPORT int pthread_mutex_getprioceiling(const pthread_mutex_t *m,
					   int *ceiling)
{
	return fx_mutex_getprioceiling((const fx_mutex_t *)m, ceiling);
}

FX_EXPORT int pthread_mutex_setprioceiling(pthread_mutex_t *m, int ceiling,
					   int *old)
{
	return fx_mutex_setprioceiling(M(m), ceiling, old);
}

/* ---------------------------------------------------------- attributes */

FX_EXPORT int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	*A(a) = 0;
	return 0;
}
FX_ALIAS(__pthread_mutexattr_init, pthread_mutexattr_init);

FX_EXPORT int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	(void)a;
	return 0;
}
FX_ALIAS(__pthread_mutexattr_destroy, pthread_mutexattr_destroy);

FX_EXPORT int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ADAPTIVE_NP)
		return EINVAL;
	*A(a) = (*A(a) & ~FX_MUTEX_TYPE_MASK) | (uint32_t)type;
	return 0;
}
FX_ALIAS(__pthread_mutexattr_settype, pthread_mutexattr_settype);
FX_ALIAS(pthread_mutexattr_setkind_np, pthread_mutexattr_settype);

FX_EXPORT int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = (int)(*(const uint32_t *)a & FX_MUTEX_TYPE_MASK);
	return 0;
}
FX_ALIAS(pthread_mutexattr_getkind_np, pthread_mutexattr_gettype);

FX_EXPORT int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*A(a) = (*A(a) & ~FX_MUTEX_PSHARED) |
		(pshared == PTHREAD_PROCESS_SHARED ? FX_MUTEX_PSHARED : 0);
	return 0;
}

FX_EXPORT int pthread_mutexattr_getpshared(const pthread_mutexattr_t *a,
					   int *pshared)
{
	*pshared = (*(const uint32_t *)a & FX_MUTEX_PSHARED)
			   ? PTHREAD_PROCESS_SHARED
			   : PTHREAD_PROCESS_PRIVATE;
	return 0;
}

FX_EXPORT int pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust)
{
	if (robust != PTHREAD_MUTEX_STALLED && robust != PTHREAD_MUTEX_ROBUST)
		return EINVAL;
	*A(a) = (*A(a) & ~FX_MUTEX_ROBUST) |
		(robust == PTHREAD_MUTEX_ROBUST ? FX_MUTEX_ROBUST : 0);
	return 0;
}
FX_ALIAS(pthread_mutexattr_setrobust_np, pthread_mutexattr_setrobust);

FX_EXPORT int pthread_mutexattr_getrobust(const pthread_mutexattr_t *a,
					  int *robust)
{
	*robust = (*(const uint32_t *)a & FX_MUTEX_ROBUST)
			  ? PTHREAD_MUTEX_ROBUST
			  : PTHREAD_MUTEX_STALLED;
	return 0;
}

/* glibc declares the _np spelling without const. */
FX_EXPORT int fx_getrobust_np(pthread_mutexattr_t *a, int *robust)
	__asm__("pthread_mutexattr_getrobust_np");
FX_EXPORT int fx_getrobust_np(pthread_mutexattr_t *a, int *robust)
{
	return pthread_mutexattr_getrobust(a, robust);
}

FX_EXPORT int pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int proto)
{
	uint32_t p;
	switch (proto) {
	case PTHREAD_PRIO_NONE: p = 0; break;
	case PTHREAD_PRIO_INHERIT: p = 1; break;
	case PTHREAD_PRIO_PROTECT: p = 2; break;
	default: return EINVAL;
	}
	*A(a) = (*A(a) & ~(3u << FX_MATTR_PROTO_SHIFT)) |
		(p << FX_MATTR_PROTO_SHIFT);
	return 0;
}

FX_EXPORT int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a,
					    int *proto)
{
	static const int map[4] = { PTHREAD_PRIO_NONE, PTHREAD_PRIO_INHERIT,
				    PTHREAD_PRIO_PROTECT, PTHREAD_PRIO_NONE };
	*proto = map[(*(const uint32_t *)a >> FX_MATTR_PROTO_SHIFT) & 3u];
	return 0;
}

FX_EXPORT int pthread_mutexattr_setprioceiling(pthread_mutexattr_t *a,
					       int ceiling)
{
	if (ceiling < sched_get_priority_min(SCHED_FIFO) ||
	    ceiling > sched_get_priority_max(SCHED_FIFO))
		return EINVAL;
	*A(a) = (*A(a) & ~FX_MUTEX_CEILING_MASK) |
		((uint32_t)ceiling << FX_MUTEX_CEILING_SHIFT);
	return 0;
}

FX_EXPORT int pthread_mutexattr_getprioceiling(const pthread_mutexattr_t *a,
					       int *ceiling)
{
	int c = (int)((*(const uint32_t *)a & FX_MUTEX_CEILING_MASK) >>
		      FX_MUTEX_CEILING_SHIFT);
	int lo = sched_get_priority_min(SCHED_FIFO);
	*ceiling = c < lo ? lo : c; /* unset: the lowest, as glibc */
	return 0;
}
