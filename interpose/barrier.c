/* pthread_barrier_* and pthread_barrierattr_*. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include "export.h"
#include "fx/internal.h"

#define B(b) ((fx_barrier_t *)(b))

FX_EXPORT int pthread_barrier_init(pthread_barrier_t *b,
				   const pthread_barrierattr_t *a,
				   unsigned count)
{
	return fx_barrier_init(B(b), (const uint32_t *)a, count);
}

FX_EXPORT int pthread_barrier_destroy(pthread_barrier_t *b)
{
	return fx_barrier_destroy(B(b));
}

FX_EXPORT int pthread_barrier_wait(pthread_barrier_t *b)
{
	return fx_barrier_wait(B(b));
}

FX_EXPORT int pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	*(uint32_t *)a = 0;
	return 0;
}

FX_EXPORT int pthread_barrierattr_destroy(pthread_barrierattr_t *a)
{
	(void)a;
	return 0;
}

FX_EXPORT int pthread_barrierattr_setpshared(pthread_barrierattr_t *a,
					     int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*(uint32_t *)a = pshared == PTHREAD_PROCESS_SHARED;
	return 0;
}

FX_EXPORT int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a,
					     int *pshared)
{
	*pshared = *(const uint32_t *)a ? PTHREAD_PROCESS_SHARED
					: PTHREAD_PROCESS_PRIVATE;
	return 0;
}
