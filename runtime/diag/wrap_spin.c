/* pthread_spin_* entry points: observed by FXPTHREAD_CHECK only
 * (check_spin.c). */
#define _GNU_SOURCE
#include "wrap.h"

DIAG_EXPORT int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_spin_init(s, pshared);
	return diag_spin_init(s, pshared);
}

DIAG_EXPORT int pthread_spin_destroy(pthread_spinlock_t *s)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_spin_destroy(s);
	return diag_spin_destroy(s);
}

DIAG_EXPORT int pthread_spin_lock(pthread_spinlock_t *s)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_spin_lock(s);
	return diag_spin_lock(s, 0);
}

DIAG_EXPORT int pthread_spin_trylock(pthread_spinlock_t *s)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_spin_trylock(s);
	return diag_spin_lock(s, 1);
}

DIAG_EXPORT int pthread_spin_unlock(pthread_spinlock_t *s)
{
	if (DIAG_CHECK_OFF())
		return diag_next.pthread_spin_unlock(s);
	return diag_spin_unlock(s);
}
