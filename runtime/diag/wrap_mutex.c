/* pthread_mutex_* entry points and their __pthread_* aliases. */
#define _GNU_SOURCE
#include <errno.h>
#include "wrap.h"

DIAG_EXPORT int pthread_mutex_init(pthread_mutex_t *m,
				   const pthread_mutexattr_t *a)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_init(m, a);
	return diag_mutex_init(m, a);
}
DIAG_ALIAS(__pthread_mutex_init, pthread_mutex_init);

DIAG_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_destroy(m);
	return diag_mutex_destroy("pthread_mutex_destroy", m);
}
DIAG_ALIAS(__pthread_mutex_destroy, pthread_mutex_destroy);

DIAG_EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_lock(m);
	return diag_mutex_lock("pthread_mutex_lock", m, DIAG_BLOCK, 0, 0,
			       DIAG_SITE());
}
DIAG_ALIAS(__pthread_mutex_lock, pthread_mutex_lock);

DIAG_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_trylock(m);
	return diag_mutex_lock("pthread_mutex_trylock", m, DIAG_TRY, 0, 0,
			       DIAG_SITE());
}
DIAG_ALIAS(__pthread_mutex_trylock, pthread_mutex_trylock);

DIAG_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_unlock(m);
	return diag_mutex_unlock("pthread_mutex_unlock", m);
}
DIAG_ALIAS(__pthread_mutex_unlock, pthread_mutex_unlock);

DIAG_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m,
					const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_timedlock(m, abs);
	return diag_mutex_lock("pthread_mutex_timedlock", m, DIAG_TIMED,
			       CLOCK_REALTIME, abs, DIAG_SITE());
}

DIAG_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
					const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_mutex_clocklock(m, clock, abs);
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL; /* as the core answers, before any bookkeeping */
	return diag_mutex_lock("pthread_mutex_clocklock", m, DIAG_TIMED, clock,
			       abs, DIAG_SITE());
}
