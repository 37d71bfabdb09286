/* pthread_spin_*: one 32-bit word, 0 free / 1 held; test-and-test-and-set
 * so waiters spin on their cached copy.  Never sleeps: that is the type's
 * contract.  docs/spin.md */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include "export.h"
#include "fx/atomic.h"

FX_EXPORT int pthread_spin_init(pthread_spinlock_t *l, int pshared)
{
	(void)pshared; /* same word either way */
	*(volatile int *)l = 0;
	return 0;
}

FX_EXPORT int pthread_spin_destroy(pthread_spinlock_t *l)
{
	(void)l;
	return 0;
}

/* Out of line, so that the uncontended lock is the exchange alone. */
static __attribute__((noinline, cold)) int spin_lock_wait(int *w)
{
	for (unsigned spins = 0;;) {
		while (fx_load_relaxed(w) != 0) {
			fx_cpu_relax();
			/* The holder may be preempted on a crowded machine:
			 * give it the CPU now and then. */
			if (++spins % 1024 == 0)
				sched_yield();
		}
		if (fx_xchg_acquire(w, 1) == 0)
			return 0;
	}
}

FX_EXPORT int pthread_spin_lock(pthread_spinlock_t *l)
{
	int *w = (int *)l;
	if (fx_likely(fx_xchg_acquire(w, 1) == 0))
		return 0;
	return spin_lock_wait(w);
}

FX_EXPORT int pthread_spin_trylock(pthread_spinlock_t *l)
{
	return fx_xchg_acquire((int *)l, 1) == 0 ? 0 : EBUSY;
}

FX_EXPORT int pthread_spin_unlock(pthread_spinlock_t *l)
{
	fx_store_release((int *)l, 0);
	return 0;
}
