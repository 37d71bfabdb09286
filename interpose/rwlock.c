/* pthread_rwlock_*, pthread_rwlockattr_* and the __pthread_rwlock_*
 * aliases.  Uncontended paths inline from include/fx/fast.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include "export.h"
#include "fx/fast.h"
#include "fx/internal.h"

#define RW(r) ((fx_rwlock_t *)(r))

FX_EXPORT int pthread_rwlock_init(pthread_rwlock_t *rw,
				  const pthread_rwlockattr_t *a)
{
	return fx_rwlock_init(RW(rw), (const uint64_t *)a);
}
FX_ALIAS(__pthread_rwlock_init, pthread_rwlock_init);

FX_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return fx_rwlock_destroy(RW(rw));
}
FX_ALIAS(__pthread_rwlock_destroy, pthread_rwlock_destroy);

FX_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return fx_rwlock_rdlock_fast(RW(rw));
}
FX_ALIAS(__pthread_rwlock_rdlock, pthread_rwlock_rdlock);

FX_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return fx_rwlock_wrlock_fast(RW(rw));
}
FX_ALIAS(__pthread_rwlock_wrlock, pthread_rwlock_wrlock);

FX_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	return fx_rwlock_unlock_fast(RW(rw));
}
FX_ALIAS(__pthread_rwlock_unlock, pthread_rwlock_unlock);

FX_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return fx_rwlock_rdlock_slow(RW(rw), CLOCK_REALTIME, 0, 1);
}
FX_ALIAS(__pthread_rwlock_tryrdlock, pthread_rwlock_tryrdlock);

FX_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return fx_rwlock_wrlock_slow(RW(rw), CLOCK_REALTIME, 0, 1);
}
FX_ALIAS(__pthread_rwlock_trywrlock, pthread_rwlock_trywrlock);

FX_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw,
					 const struct timespec *abs)
{
	return fx_rwlock_rdlock_slow(RW(rw), CLOCK_REALTIME, abs, 0);
}

FX_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw,
					 const struct timespec *abs)
{
	return fx_rwlock_wrlock_slow(RW(rw), CLOCK_REALTIME, abs, 0);
}

FX_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock,
					 const struct timespec *abs)
{
	if (!fx_clock_supported(clock))
		return EINVAL;
	return fx_rwlock_rdlock_slow(RW(rw), clock, abs, 0);
}

FX_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock,
					 const struct timespec *abs)
{
	if (!fx_clock_supported(clock))
		return EINVAL;
	return fx_rwlock_wrlock_slow(RW(rw), clock, abs, 0);
}

/* ---------------------------------------------------------- attributes */
/* Layout: low 32 bits the kind, high 32 bits nonzero for pshared. */

#define RA(a) ((uint64_t *)(a))

FX_EXPORT int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	*RA(a) = PTHREAD_RWLOCK_DEFAULT_NP;
	return 0;
}

FX_EXPORT int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	(void)a;
	return 0;
}

FX_EXPORT int pthread_rwlockattr_setkind_np(pthread_rwlockattr_t *a, int kind)
{
	if (kind != PTHREAD_RWLOCK_PREFER_READER_NP &&
	    kind != PTHREAD_RWLOCK_PREFER_WRITER_NP &&
	    kind != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
		return EINVAL;
	*RA(a) = (*RA(a) & ~0xffffffffull) | (uint32_t)kind;
	return 0;
}

FX_EXPORT int pthread_rwlockattr_getkind_np(const pthread_rwlockattr_t *a,
					    int *kind)
{
	*kind = (int)(*(const uint64_t *)a & 0xffffffffu);
	return 0;
}

FX_EXPORT int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*RA(a) = (*RA(a) & 0xffffffffull) |
		 ((uint64_t)(pshared == PTHREAD_PROCESS_SHARED) << 32);
	return 0;
}

FX_EXPORT int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a,
					    int *pshared)
{
	*pshared = (*(const uint64_t *)a >> 32) ? PTHREAD_PROCESS_SHARED
						: PTHREAD_PROCESS_PRIVATE;
	return 0;
}
