/* pthread_barrier_* entry points: observed by FXPTHREAD_CHECK only
 * (check_barrier.c). */
#define _GNU_SOURCE
#include "wrap.h"

DIAG_EXPORT int pthread_barrier_init(pthread_barrier_t *b,
				     const pthread_barrierattr_t *a, unsigned n)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_barrier_init(b, a, n);
	return diag_barrier_init(b, a, n);
}

DIAG_EXPORT int pthread_barrier_destroy(pthread_barrier_t *b)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_barrier_destroy(b);
	return diag_barrier_destroy(b);
}

DIAG_EXPORT int pthread_barrier_wait(pthread_barrier_t *b)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_barrier_wait(b);
	return diag_barrier_wait(b);
}
