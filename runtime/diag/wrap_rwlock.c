/* pthread_rwlock_* entry points and their __pthread_* aliases. */
#define _GNU_SOURCE
#include <errno.h>
#include "wrap.h"

DIAG_EXPORT int pthread_rwlock_init(pthread_rwlock_t *rw,
				    const pthread_rwlockattr_t *a)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_init(rw, a);
	return diag_rwlock_init(rw, a);
}
DIAG_ALIAS(__pthread_rwlock_init, pthread_rwlock_init);

DIAG_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_destroy(rw);
	return diag_rwlock_destroy(rw);
}
DIAG_ALIAS(__pthread_rwlock_destroy, pthread_rwlock_destroy);

DIAG_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_rdlock(rw);
	return diag_rwlock_lock("pthread_rwlock_rdlock", rw, DIAG_READ,
				DIAG_BLOCK, 0, 0, DIAG_SITE());
}
DIAG_ALIAS(__pthread_rwlock_rdlock, pthread_rwlock_rdlock);

DIAG_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_wrlock(rw);
	return diag_rwlock_lock("pthread_rwlock_wrlock", rw, DIAG_WRITE,
				DIAG_BLOCK, 0, 0, DIAG_SITE());
}
DIAG_ALIAS(__pthread_rwlock_wrlock, pthread_rwlock_wrlock);

DIAG_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_tryrdlock(rw);
	return diag_rwlock_lock("pthread_rwlock_tryrdlock", rw, DIAG_READ,
				DIAG_TRY, 0, 0, DIAG_SITE());
}
DIAG_ALIAS(__pthread_rwlock_tryrdlock, pthread_rwlock_tryrdlock);

DIAG_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_trywrlock(rw);
	return diag_rwlock_lock("pthread_rwlock_trywrlock", rw, DIAG_WRITE,
				DIAG_TRY, 0, 0, DIAG_SITE());
}
DIAG_ALIAS(__pthread_rwlock_trywrlock, pthread_rwlock_trywrlock);

DIAG_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_unlock(rw);
	return diag_rwlock_unlock(rw);
}
DIAG_ALIAS(__pthread_rwlock_unlock, pthread_rwlock_unlock);

DIAG_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw,
					   const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_timedrdlock(rw, abs);
	return diag_rwlock_lock("pthread_rwlock_timedrdlock", rw, DIAG_READ,
				DIAG_TIMED, CLOCK_REALTIME, abs, DIAG_SITE());
}

DIAG_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw,
					   const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_timedwrlock(rw, abs);
	return diag_rwlock_lock("pthread_rwlock_timedwrlock", rw, DIAG_WRITE,
				DIAG_TIMED, CLOCK_REALTIME, abs, DIAG_SITE());
}

DIAG_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw,
					   clockid_t clock,
					   const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_clockrdlock(rw, clock, abs);
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	return diag_rwlock_lock("pthread_rwlock_clockrdlock", rw, DIAG_READ,
				DIAG_TIMED, clock, abs, DIAG_SITE());
}

DIAG_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw,
					   clockid_t clock,
					   const struct timespec *abs)
{
	if (DIAG_OFF())
		return diag_next.pthread_rwlock_clockwrlock(rw, clock, abs);
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	return diag_rwlock_lock("pthread_rwlock_clockwrlock", rw, DIAG_WRITE,
				DIAG_TIMED, clock, abs, DIAG_SITE());
}
