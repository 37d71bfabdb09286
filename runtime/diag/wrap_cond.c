/* pthread_cond_* entry points. */
#define _GNU_SOURCE
#include <errno.h>
#include "wrap.h"

DIAG_EXPORT int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_init(c, a);
	return diag_cond_init(c, a);
}

DIAG_EXPORT int pthread_cond_destroy(pthread_cond_t *c)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_destroy(c);
	return diag_cond_destroy("pthread_cond_destroy", c);
}

DIAG_EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_signal(c);
	return diag_cond_wake("pthread_cond_signal", c, 0);
}

DIAG_EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_broadcast(c);
	return diag_cond_wake("pthread_cond_broadcast", c, 1);
}

DIAG_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_wait(c, m);
	return diag_cond_wait("pthread_cond_wait", c, m, -1, 0, DIAG_SITE());
}

DIAG_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				       const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_timedwait(c, m, abs);
	return diag_cond_wait("pthread_cond_timedwait", c, m, -1, abs,
			      DIAG_SITE());
}

DIAG_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
				       clockid_t clock,
				       const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_cond_clockwait(c, m, clock, abs);
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	return diag_cond_wait("pthread_cond_clockwait", c, m, clock, abs,
			      DIAG_SITE());
}
