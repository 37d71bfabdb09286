/* Spin locks (interpose/spin.c, docs/spin.md). */
#include "unit.h"

TestSuite(spin, .timeout = 40);

Test(spin, lock_trylock_unlock)
{
	pthread_spinlock_t l;
	cr_assert_eq(pthread_spin_init(&l, PTHREAD_PROCESS_PRIVATE), 0);
	cr_assert_eq(pthread_spin_lock(&l), 0);
	cr_assert_eq(pthread_spin_trylock(&l), EBUSY);
	cr_assert_eq(pthread_spin_unlock(&l), 0);
	cr_assert_eq(pthread_spin_trylock(&l), 0);
	cr_assert_eq(pthread_spin_unlock(&l), 0);
	cr_assert_eq(pthread_spin_destroy(&l), 0);
}

Test(spin, trylock_of_lock_held_by_other_thread_gives_ebusy)
{
	pthread_spinlock_t l;
	cr_assert_eq(pthread_spin_init(&l, PTHREAD_PROCESS_PRIVATE), 0);
	struct holder h;
	holder_start(&h, call_spin_lock, call_spin_unlock, (void *)&l);
	cr_assert_eq(pthread_spin_trylock(&l), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_spin_trylock(&l), 0);
	cr_assert_eq(pthread_spin_unlock(&l), 0);
}

Test(spin, process_shared_spinlock_locks)
{
	pthread_spinlock_t l;
	cr_assert_eq(pthread_spin_init(&l, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_spin_lock(&l), 0);
	cr_assert_eq(in_other_thread(call_spin_trylock, (void *)&l), EBUSY);
	cr_assert_eq(pthread_spin_unlock(&l), 0);
	cr_assert_eq(pthread_spin_destroy(&l), 0);
}

/* More threads than CPUs: a preempted holder must not stall the rest
 * for good, and exclusion must hold exactly. */
struct spin_stress {
	pthread_spinlock_t l;
	long iters;
	long counter;
	atomic_int inside, overlaps, errors;
	atomic_long trylock_wins;
};

static void *spin_worker(void *p)
{
	struct spin_stress *s = p;
	for (long i = 0; i < s->iters; i++) {
		int rc;
		if (i % 4 == 0) {
			while ((rc = pthread_spin_trylock(&s->l)) == EBUSY)
				;
			atomic_fetch_add(&s->trylock_wins, 1);
		} else {
			rc = pthread_spin_lock(&s->l);
		}
		if (rc) {
			atomic_fetch_add(&s->errors, 1);
			continue;
		}
		if (atomic_fetch_add(&s->inside, 1) != 0)
			atomic_fetch_add(&s->overlaps, 1);
		long v = s->counter;
		__asm__ __volatile__("" ::: "memory");
		s->counter = v + 1;
		atomic_fetch_sub(&s->inside, 1);
		if (pthread_spin_unlock(&s->l))
			atomic_fetch_add(&s->errors, 1);
	}
	return 0;
}

Test(spin, spinlock_excludes_under_stress)
{
	struct spin_stress s = { .iters = 100000 };
	cr_assert_eq(pthread_spin_init(&s.l, PTHREAD_PROCESS_PRIVATE), 0);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&t[i], 0, spin_worker, &s), 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(atomic_load(&s.errors), 0);
	cr_assert_eq(atomic_load(&s.overlaps), 0);
	cr_assert_eq(s.counter, 3 * s.iters);
	cr_assert_eq(atomic_load(&s.trylock_wins), 3 * s.iters / 4);
	cr_assert_eq(pthread_spin_trylock(&s.l), 0, "left locked");
}
