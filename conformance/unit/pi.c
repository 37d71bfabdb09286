/* Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT): the word is owned
 * by TID and contended paths go through the kernel's PI futex operations
 * (runtime/mutex/mutex_tid.c, docs/mutex.md#tid-owned). */
#include <linux/futex.h>
#include "unit.h"

TestSuite(pi, .timeout = 40);

static void make_pi(pthread_mutex_t *m, int type)
{
	mutex_make(m, type, 0, PTHREAD_PRIO_INHERIT);
}

Test(pi, lock_trylock_unlock)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

Test(pi, word_holds_owner_tid_while_held)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	cr_assert_eq(word_at(&m, 0), 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(word_at(&m, 0), (uint32_t)gettid());
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(word_at(&m, 0), 0);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)h.tid);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(word_at(&m, 0), 0);
}

Test(pi, trylock_of_mutex_held_by_other_thread_gives_ebusy)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(pi, errorcheck_relock_gives_edeadlk)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_ERRORCHECK);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_mutex_timedlock(&m, &d), EDEADLK);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(pi, errorcheck_unlock_by_non_owner_gives_eperm)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_ERRORCHECK);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)h.tid);
	cr_assert_eq(holder_finish(&h), 0);
}

Test(pi, recursive_relock_counts_depth)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_RECURSIVE);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_timedlock(&m, &d), 0);
	for (int depth = 3; depth > 0; depth--) {
		cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)gettid());
		cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY,
			     "released with %d levels left", depth);
		cr_assert_eq(pthread_mutex_unlock(&m), 0);
	}
	cr_assert_eq(word_at(&m, 0), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(pi, recursive_unlock_by_non_owner_gives_eperm)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_RECURSIVE);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
	cr_assert_eq(holder_finish(&h), 0);
}

/* Handoffs through FUTEX_LOCK_PI / FUTEX_UNLOCK_PI keep exclusion. */
Test(pi, contended_handoff_keeps_exact_count)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	check_mutex_excludes(&m, 4, 30000, 0);
	cr_assert_eq(word_at(&m, 0), 0, "word %#x after the last unlock",
		     word_at(&m, 0));
}

Test(pi, recursive_contended_handoff_keeps_exact_count)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_RECURSIVE);
	check_mutex_excludes(&m, 3, 20000, 1);
}

/* A locker that sleeps in the kernel marks the word; the owner's unlock
 * hands the mutex straight to it (the word then names the new owner). */
struct pi_waiter {
	pthread_mutex_t *m;
	int rc;
	uint32_t word_when_owned;
	pid_t tid;
};

static void *pi_waiter_main(void *p)
{
	struct pi_waiter *w = p;
	w->tid = gettid();
	w->rc = pthread_mutex_lock(w->m);
	w->word_when_owned = word_at(w->m, 0);
	if (w->rc == 0)
		pthread_mutex_unlock(w->m);
	return 0;
}

static int word_has_waiters(void *m)
{
	return (word_at(m, 0) & FUTEX_WAITERS) != 0;
}

Test(pi, unlock_hands_the_mutex_to_the_sleeping_locker)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	struct pi_waiter w = { .m = &m, .rc = -1 };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, pi_waiter_main, &w), 0);
	cr_assert(eventually(word_has_waiters, &m), "the locker never slept");
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)gettid());
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.rc, 0);
	cr_assert_eq(w.word_when_owned & FUTEX_TID_MASK, (uint32_t)w.tid);
	cr_assert_eq(word_at(&m, 0), 0);
}

/* ------------------------------------------------------------ deadlines */

static void held_pi_gives(struct timespec d, clockid_t clock,
			  int use_clocklock, int expected)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	struct holder h;
	holder_start_patience(&h, call_mutex_lock, call_mutex_unlock, &m, 2000);
	int rc = use_clocklock ? pthread_mutex_clocklock(&m, clock, &d)
			       : pthread_mutex_timedlock(&m, &d);
	int holder_unlock = holder_finish(&h);
	if (rc == 0)
		pthread_mutex_unlock(&m);
	cr_assert_eq(rc, expected, "got %d, expected %d", rc, expected);
	cr_assert_eq(holder_unlock, 0);
}

Test(pi, timedlock_on_held_mutex_times_out)
{
	held_pi_gives(ts_after(CLOCK_REALTIME, 50), CLOCK_REALTIME, 0, ETIMEDOUT);
}

/* Works with or without FUTEX_LOCK_PI2 (Linux 5.14): without it the
 * deadline is translated to CLOCK_REALTIME (lock_pi_wait). */
Test(pi, clocklock_monotonic_on_held_mutex_times_out_on_that_clock)
{
	struct timespec d = ts_after(CLOCK_MONOTONIC, 50);
	held_pi_gives(d, CLOCK_MONOTONIC, 1, ETIMEDOUT);
	cr_assert(ts_reached(CLOCK_MONOTONIC, &d));
}

Test(pi, timedlock_past_deadline_on_held_mutex_times_out)
{
	held_pi_gives((struct timespec){ .tv_sec = 1 }, CLOCK_REALTIME, 0,
		      ETIMEDOUT);
}

Test(pi, timedlock_negative_tv_sec_on_held_mutex_times_out)
{
	held_pi_gives((struct timespec){ .tv_sec = -1 }, CLOCK_REALTIME, 0,
		      ETIMEDOUT);
}

Test(pi, timedlock_bad_nsec_on_held_mutex_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	d.tv_nsec = 1000000000L;
	held_pi_gives(d, CLOCK_REALTIME, 0, EINVAL);
	d.tv_nsec = -1;
	held_pi_gives(d, CLOCK_REALTIME, 0, EINVAL);
}

Test(pi, clocklock_cpu_clock_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	held_pi_gives(d, CLOCK_PROCESS_CPUTIME_ID, 1, EINVAL);
}

Test(pi, timedlock_past_deadline_on_free_mutex_locks_it)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	struct timespec past = { .tv_sec = 1 }, negative = { .tv_sec = -1 };
	cr_assert_eq(pthread_mutex_timedlock(&m, &past), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_timedlock(&m, &negative), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* Lockers that give up in the kernel leave the owner's word to it: the
 * owner still unlocks, and the mutex is free afterwards. */
struct impatient {
	pthread_mutex_t *m;
	int timeouts, others;
};

static void *impatient_main(void *p)
{
	struct impatient *x = p;
	for (int i = 0; i < 20; i++) {
		struct timespec d = ts_after(CLOCK_REALTIME, 1);
		int rc = pthread_mutex_timedlock(x->m, &d);
		if (rc == ETIMEDOUT)
			x->timeouts++;
		else
			x->others++;
	}
	return 0;
}

Test(pi, timed_out_lockers_leave_the_word_to_the_owner)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	struct impatient x[2] = { { .m = &m }, { .m = &m } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], 0, impatient_main, &x[i]), 0);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(pthread_join(t[i], 0), 0);
		cr_assert_eq(x[i].timeouts, 20);
		cr_assert_eq(x[i].others, 0);
	}
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)gettid());
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(word_at(&m, 0), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
}

Test(pi, destroy_of_locked_mutex_gives_ebusy)
{
	pthread_mutex_t m;
	make_pi(&m, PTHREAD_MUTEX_NORMAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}
