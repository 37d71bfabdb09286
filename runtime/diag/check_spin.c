/* FXPTHREAD_CHECK for spin locks.  The core's spin lock is one word,
 * 0 free and 1 held (docs/spin.md); any other value was never
 * initialized.  (0 is also what an uninitialized word may hold, and is
 * then indistinguishable from a free lock.)
 *
 * Holders.  Each thread lists the spin locks it acquired through these
 * wrappers (diag_thread.spins, at most DIAG_MAX_SPINS), removing one
 * before it releases it.  An unlock of a lock the caller does not list is
 * an error when the word says free, or when another live thread lists
 * it; a lock that is held by nobody we know of (taken while the list was
 * full, or by another process) is let through.  init of a lock another
 * thread lists is an error; init of one the caller holds itself just
 * ends the caller's hold (a fork child resetting its locks).  destroy of
 * a held lock is an error whoever holds it.
 */
#define _GNU_SOURCE
#include "diag.h"

static int spin_word(const pthread_spinlock_t *s)
{
	return fx_load_relaxed(s);
}

static void check_word(const char *fn, const pthread_spinlock_t *s)
{
	int w = spin_word(s);
	if (w != 0 && w != 1)
		diag_fatal(fn, 0, (const void *)s,
			   "spin lock %p was never initialized: its word is "
			   "%#x, neither 0 (free) nor 1 (held) (use "
			   "pthread_spin_init)",
			   (const void *)s, (unsigned)w);
}

static void own_add(struct diag_thread *t, const pthread_spinlock_t *s)
{
	uint32_t n = t->nspins;
	if (n == DIAG_MAX_SPINS)
		return; /* not recorded: its unlock is let through */
	fx_store_relaxed(&t->spins[n], (const void *)s);
	fx_store_release(&t->nspins, n + 1);
}

static int own_find(const struct diag_thread *t, const pthread_spinlock_t *s)
{
	for (uint32_t i = t->nspins; i-- > 0;)
		if (t->spins[i] == (const void *)s)
			return (int)i;
	return -1;
}

/* 1 if the caller listed s (and no longer does). */
static int own_remove(struct diag_thread *t, const pthread_spinlock_t *s)
{
	int i = own_find(t, s);
	if (i < 0)
		return 0;
	uint32_t n = t->nspins;
	fx_store_relaxed(&t->spins[i], t->spins[n - 1]);
	fx_store_release(&t->nspins, n - 1);
	return 1;
}

int diag_spin_init(pthread_spinlock_t *s, int pshared)
{
	static const char fn[] = "pthread_spin_init";
	struct diag_thread *t = diag_self();
	if (t && !own_remove(t, s) && spin_word(s) == 1) {
		pid_t who = diag_other_spin_holder(t, (const void *)s);
		if (who)
			diag_fatal(fn, 0, (const void *)s,
				   "initializing spin lock %p, which is held "
				   "by thread %d",
				   (const void *)s, (int)who);
	}
	return diag_next.pthread_spin_init(s, pshared);
}

int diag_spin_destroy(pthread_spinlock_t *s)
{
	static const char fn[] = "pthread_spin_destroy";
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_spin_destroy(s);
	check_word(fn, s);
	if (spin_word(s) == 1) {
		if (own_find(t, s) >= 0)
			diag_fatal(fn, 0, (const void *)s,
				   "destroying spin lock %p, which the caller "
				   "holds",
				   (const void *)s);
		pid_t who = diag_other_spin_holder(t, (const void *)s);
		if (who)
			diag_fatal(fn, 0, (const void *)s,
				   "destroying spin lock %p, which is held by "
				   "thread %d",
				   (const void *)s, (int)who);
		diag_fatal(fn, 0, (const void *)s,
			   "destroying spin lock %p, which is held",
			   (const void *)s);
	}
	return diag_next.pthread_spin_destroy(s);
}

int diag_spin_lock(pthread_spinlock_t *s, int try)
{
	struct diag_thread *t = diag_self();
	if (!t)
		return try ? diag_next.pthread_spin_trylock(s)
			   : diag_next.pthread_spin_lock(s);
	check_word(try ? "pthread_spin_trylock" : "pthread_spin_lock", s);
	int r = try ? diag_next.pthread_spin_trylock(s)
		    : diag_next.pthread_spin_lock(s);
	if (r == 0)
		own_add(t, s);
	return r;
}

int diag_spin_unlock(pthread_spinlock_t *s)
{
	static const char fn[] = "pthread_spin_unlock";
	struct diag_thread *t = diag_self();
	if (!t)
		return diag_next.pthread_spin_unlock(s);
	check_word(fn, s);
	if (!own_remove(t, s)) {
		if (spin_word(s) == 0)
			diag_fatal(fn, 0, (const void *)s,
				   "unlocking spin lock %p, which is not locked",
				   (const void *)s);
		pid_t who = diag_other_spin_holder(t, (const void *)s);
		if (who)
			diag_fatal(fn, 0, (const void *)s,
				   "unlocking spin lock %p, which is held by "
				   "thread %d, not by the caller",
				   (const void *)s, (int)who);
	}
	return diag_next.pthread_spin_unlock(s);
}
