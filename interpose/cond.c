/* pthread_cond_* and pthread_condattr_*.  Both glibc versions of the
 * condvar entry points (GLIBC_2.3.2 and the GLIBC_2.2.5 compatibility
 * ones) bind here: the object is the same 48 bytes for both, and all-zero
 * is our default condvar (interpose/fxpthread.map). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include "export.h"
#include "fx/internal.h"

#define C(c) ((fx_cond_t *)(c))
#define M(m) ((fx_mutex_t *)(m))

FX_EXPORT int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	return fx_cond_init(C(c), (const uint32_t *)a);
}

FX_EXPORT int pthread_cond_destroy(pthread_cond_t *c)
{
	return fx_cond_destroy(C(c));
}

FX_EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
	return fx_cond_signal(C(c));
}

FX_EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
	return fx_cond_broadcast(C(c));
}

FX_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return fx_cond_wait(C(c), M(m), -1, 0);
}

FX_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				     const struct timespec *abs)
{
	return fx_cond_wait(C(c), M(m), -1, abs);
}

FX_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
				     clockid_t clock,
				     const struct timespec *abs)
{
	if (!fx_clock_supported(clock))
		return EINVAL;
	return fx_cond_wait(C(c), M(m), clock, abs);
}

/* ---------------------------------------------------------- attributes */

#define CA(a) ((uint32_t *)(a))

FX_EXPORT int pthread_condattr_init(pthread_condattr_t *a)
{
	*CA(a) = 0;
	return 0;
}

FX_EXPORT int pthread_condattr_destroy(pthread_condattr_t *a)
{
	(void)a;
	return 0;
}

FX_EXPORT int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*CA(a) = (*CA(a) & ~FX_COND_PSHARED) |
		 (pshared == PTHREAD_PROCESS_SHARED ? FX_COND_PSHARED : 0);
	return 0;
}

FX_EXPORT int pthread_condattr_getpshared(const pthread_condattr_t *a,
					  int *pshared)
{
	*pshared = (*(const uint32_t *)a & FX_COND_PSHARED)
			   ? PTHREAD_PROCESS_SHARED
			   : PTHREAD_PROCESS_PRIVATE;
	return 0;
}

FX_EXPORT int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (!fx_clock_supported(clock))
		return EINVAL;
	*CA(a) = (*CA(a) & ~FX_COND_MONOTONIC) |
		 (clock == CLOCK_MONOTONIC ? FX_COND_MONOTONIC : 0);
	return 0;
}

FX_EXPORT int pthread_condattr_getclock(const pthread_condattr_t *a,
					clockid_t *clock)
{
	*clock = (*(const uint32_t *)a & FX_COND_MONOTONIC) ? CLOCK_MONOTONIC
							    : CLOCK_REALTIME;
	return 0;
}
