/* Robust mutexes within one process (runtime/mutex/mutex_tid.c,
 * docs/robust.md): a thread that exits holding one hands the next locker
 * EOWNERDEAD; pthread_mutex_consistent repairs it; an unlock without it
 * makes the mutex unrecoverable for good.  The futex word holds the
 * owner's kernel TID, which is what lets the kernel release it. */
#include <linux/futex.h>
#include "unit.h"

TestSuite(robust, .timeout = 40);

static void make_robust(pthread_mutex_t *m, int type, int protocol)
{
	mutex_make(m, type, 1, protocol);
}

static int call_consistent(void *m) { return pthread_mutex_consistent(m); }

/* ----------------------------------------------------- dying owners */

#define MAX_HELD 64

/* Locks each of its mutexes, unlocks those marked, then exits. */
struct dier {
	pthread_mutex_t *m[MAX_HELD];
	int n;
	int unlock_again[MAX_HELD];
	int lock_rc[MAX_HELD];
	int unlock_rc[MAX_HELD];
	int depth; /* locks per mutex */
};

static void *lock_and_exit(void *p)
{
	struct dier *d = p;
	for (int i = 0; i < d->n; i++)
		for (int k = 0; k < (d->depth ? d->depth : 1); k++)
			d->lock_rc[i] |= pthread_mutex_lock(d->m[i]);
	for (int i = 0; i < d->n; i++)
		if (d->unlock_again[i])
			d->unlock_rc[i] = pthread_mutex_unlock(d->m[i]);
	return 0; /* still holding the others */
}

static void die_holding(struct dier *d)
{
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, lock_and_exit, d), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	for (int i = 0; i < d->n; i++) {
		cr_assert_eq(d->lock_rc[i], 0, "owner could not lock #%d", i);
		cr_assert_eq(d->unlock_rc[i], 0, "owner could not unlock #%d", i);
	}
}

static void die_holding_one(pthread_mutex_t *m)
{
	struct dier d = { .m = { m }, .n = 1 };
	die_holding(&d);
}

/* EOWNERDEAD, then consistent + unlock give back an ordinary mutex. */
static void recover(pthread_mutex_t *m, int round)
{
	cr_assert_eq(pthread_mutex_consistent(m), 0, "round %d", round);
	cr_assert_eq(pthread_mutex_unlock(m), 0, "round %d", round);
	cr_assert_eq(pthread_mutex_lock(m), 0, "round %d: not usable again",
		     round);
	cr_assert_eq(pthread_mutex_unlock(m), 0, "round %d", round);
}

static void owner_exit_rounds(int protocol, int rounds)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, protocol);
	for (int round = 0; round < rounds; round++) {
		die_holding_one(&m);
		int rc = pthread_mutex_lock(&m);
		cr_assert_eq(rc, EOWNERDEAD, "round %d: lock gave %d", round, rc);
		recover(&m, round);
	}
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

Test(robust, owner_exit_gives_next_locker_eownerdead)
{
	owner_exit_rounds(NO_PROTOCOL, 200);
}

Test(robust, pi_owner_exit_gives_next_locker_eownerdead)
{
	owner_exit_rounds(PTHREAD_PRIO_INHERIT, 200);
}

/* The owner exits while another thread sleeps in lock: the kernel must
 * wake that thread, which gets EOWNERDEAD.
 *   1. O locks M;
 *   2. main calls lock(M) and sleeps in the kernel (O watches for it);
 *   3. O exits;
 *   4. main's lock returns EOWNERDEAD. */
struct blocking_death {
	pthread_mutex_t *m;
	pid_t locker; /* the thread that will sleep on m */
	sem_t locked;
	int lock_rc;
	int saw_sleeper;
};

static void *lock_wait_for_sleeper_exit(void *p)
{
	struct blocking_death *b = p;
	b->lock_rc = pthread_mutex_lock(b->m);
	sem_post(&b->locked);
	b->saw_sleeper = all_sleep_on(&b->locker, 1, b->m);
	return 0;
}

static void owner_exit_wakes_sleeper_rounds(int protocol, int pshared,
					    int rounds)
{
	pthread_mutex_t m;
	pthread_mutexattr_t a;
	cr_assert_eq(pthread_mutexattr_init(&a), 0);
	cr_assert_eq(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
	if (protocol != NO_PROTOCOL)
		cr_assert_eq(pthread_mutexattr_setprotocol(&a, protocol), 0);
	cr_assert_eq(pthread_mutexattr_setpshared(&a, pshared ? PTHREAD_PROCESS_SHARED
							      : PTHREAD_PROCESS_PRIVATE),
		     0);
	cr_assert_eq(pthread_mutex_init(&m, &a), 0);
	for (int round = 0; round < rounds; round++) {
		struct blocking_death b = { .m = &m, .locker = gettid() };
		sem_init(&b.locked, 0, 0);
		pthread_t t;
		cr_assert_eq(pthread_create(&t, 0, lock_wait_for_sleeper_exit, &b), 0);
		cr_assert_eq(sem_wait_patiently(&b.locked), 0);
		/* A plain lock would hang if the owner's death does not wake
		 * it; the deadline (same code path) turns that into ETIMEDOUT. */
		struct timespec d = ts_after(CLOCK_REALTIME, UNIT_PATIENCE_MS);
		int rc = pthread_mutex_timedlock(&m, &d);
		cr_assert_eq(pthread_join(t, 0), 0);
		cr_assert_eq(b.lock_rc, 0);
		cr_assert(b.saw_sleeper, "round %d: the locker never slept", round);
		cr_assert_neq(rc, ETIMEDOUT,
			      "round %d: the owner died but the sleeping locker "
			      "was never woken (word %#x)",
			      round, word_at(&m, 0));
		cr_assert_eq(rc, EOWNERDEAD, "round %d: lock gave %d", round, rc);
		recover(&m, round);
		sem_destroy(&b.locked);
	}
}

Test(robust, owner_exit_wakes_sleeping_locker_with_eownerdead)
{
	owner_exit_wakes_sleeper_rounds(NO_PROTOCOL, 0, 200);
}

Test(robust, process_shared_owner_exit_wakes_sleeping_locker_with_eownerdead)
{
	owner_exit_wakes_sleeper_rounds(NO_PROTOCOL, 1, 200);
}

Test(robust, pi_owner_exit_wakes_sleeping_locker_with_eownerdead)
{
	owner_exit_wakes_sleeper_rounds(PTHREAD_PRIO_INHERIT, 0, 100);
}

Test(robust, trylock_after_owner_exit_gives_eownerdead)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	for (int round = 0; round < 50; round++) {
		die_holding_one(&m);
		cr_assert_eq(pthread_mutex_trylock(&m), EOWNERDEAD, "round %d", round);
		recover(&m, round);
	}
}

Test(robust, pi_trylock_after_owner_exit_gives_eownerdead)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_INHERIT);
	for (int round = 0; round < 50; round++) {
		die_holding_one(&m);
		cr_assert_eq(pthread_mutex_trylock(&m), EOWNERDEAD, "round %d", round);
		recover(&m, round);
	}
}

Test(robust, timedlock_after_owner_exit_gives_eownerdead)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_ERRORCHECK, NO_PROTOCOL);
	die_holding_one(&m);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_mutex_timedlock(&m, &d), EOWNERDEAD);
	recover(&m, 0);
	die_holding_one(&m);
	d = ts_after(CLOCK_MONOTONIC, 1000);
	cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &d), EOWNERDEAD);
	recover(&m, 1);
}

Test(robust, eownerdead_locker_owns_the_mutex)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_ERRORCHECK, NO_PROTOCOL);
	die_holding_one(&m);
	cr_assert_eq(pthread_mutex_lock(&m), EOWNERDEAD);
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)gettid());
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	recover(&m, 0);
}

/* A recursive owner that dies three levels deep: the heir owns it once. */
Test(robust, recursive_owner_exit_at_depth_three_leaves_depth_one)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_RECURSIVE, NO_PROTOCOL);
	struct dier d = { .m = { &m }, .n = 1, .depth = 3 };
	die_holding(&d);
	cr_assert_eq(pthread_mutex_lock(&m), EOWNERDEAD);
	cr_assert_eq(pthread_mutex_consistent(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0,
		     "the dead owner's depth was inherited");
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

/* The robust list survives unlocks from its head, middle and tail: the
 * owner locks six mutexes (two of them PI, whose list links carry a
 * mark bit), releases three in a scattered order and exits; exactly the
 * three it still held report EOWNERDEAD. */
Test(robust, owner_exit_after_out_of_order_unlocks_reports_only_held_ones)
{
	pthread_mutex_t m[6];
	for (int i = 0; i < 6; i++)
		make_robust(&m[i], PTHREAD_MUTEX_NORMAL,
			    i == 1 || i == 4 ? PTHREAD_PRIO_INHERIT : NO_PROTOCOL);
	struct dier d = { .n = 6 };
	for (int i = 0; i < 6; i++)
		d.m[i] = &m[i];
	d.unlock_again[2] = 1; /* middle */
	d.unlock_again[0] = 1; /* tail: locked first */
	d.unlock_again[5] = 1; /* head: locked last */
	die_holding(&d);
	for (int i = 0; i < 6; i++) {
		int want = d.unlock_again[i] ? 0 : EOWNERDEAD;
		int rc = pthread_mutex_trylock(&m[i]);
		cr_assert_eq(rc, want, "mutex #%d: %d, expected %d", i, rc, want);
		if (rc == EOWNERDEAD)
			cr_assert_eq(pthread_mutex_consistent(&m[i]), 0);
		cr_assert_eq(pthread_mutex_unlock(&m[i]), 0);
	}
}

Test(robust, owner_exit_releases_every_held_mutex)
{
	static pthread_mutex_t m[MAX_HELD];
	struct dier d = { .n = MAX_HELD };
	for (int i = 0; i < MAX_HELD; i++) {
		make_robust(&m[i], i % 3 == 0 ? PTHREAD_MUTEX_RECURSIVE
					      : PTHREAD_MUTEX_NORMAL,
			    i % 4 == 0 ? PTHREAD_PRIO_INHERIT : NO_PROTOCOL);
		d.m[i] = &m[i];
	}
	die_holding(&d);
	for (int i = 0; i < MAX_HELD; i++) {
		cr_assert_eq(pthread_mutex_lock(&m[i]), EOWNERDEAD, "mutex #%d", i);
		recover(&m[i], i);
	}
}

/* ------------------------------------------------- unrecoverable state */

static void make_notrecoverable(pthread_mutex_t *m)
{
	die_holding_one(m);
	cr_assert_eq(pthread_mutex_lock(m), EOWNERDEAD);
	cr_assert_eq(pthread_mutex_unlock(m), 0); /* without consistent */
}

Test(robust, unlock_without_consistent_makes_every_later_lock_enotrecoverable)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	make_notrecoverable(&m);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(pthread_mutex_lock(&m), ENOTRECOVERABLE);
		cr_assert_eq(pthread_mutex_trylock(&m), ENOTRECOVERABLE);
		cr_assert_eq(pthread_mutex_timedlock(&m, &d), ENOTRECOVERABLE);
		cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &d),
			     ENOTRECOVERABLE);
	}
	cr_assert_eq(in_other_thread(call_mutex_lock, &m), ENOTRECOVERABLE);
	cr_assert_eq(in_other_thread(call_mutex_trylock, &m), ENOTRECOVERABLE);
	cr_assert_eq(pthread_mutex_consistent(&m), EINVAL);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

Test(robust, pi_unlock_without_consistent_makes_every_later_lock_enotrecoverable)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_INHERIT);
	make_notrecoverable(&m);
	cr_assert_eq(pthread_mutex_lock(&m), ENOTRECOVERABLE);
	cr_assert_eq(pthread_mutex_trylock(&m), ENOTRECOVERABLE);
	cr_assert_eq(in_other_thread(call_mutex_lock, &m), ENOTRECOVERABLE);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

/* Lockers asleep when the mutex becomes unrecoverable all hear it. */
struct doomed {
	pthread_mutex_t *m;
	int rc;
	pid_t tid;
	sem_t started;
};

static void *lock_doomed(void *p)
{
	struct doomed *d = p;
	d->tid = gettid();
	sem_post(&d->started);
	d->rc = pthread_mutex_lock(d->m);
	return 0;
}

static void notrecoverable_wakes_all(int protocol)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, protocol);
	die_holding_one(&m);
	cr_assert_eq(pthread_mutex_lock(&m), EOWNERDEAD);
	struct doomed d[3];
	pthread_t t[3];
	pid_t tids[3];
	for (int i = 0; i < 3; i++) {
		d[i] = (struct doomed){ .m = &m, .rc = -1 };
		sem_init(&d[i].started, 0, 0);
		cr_assert_eq(pthread_create(&t[i], 0, lock_doomed, &d[i]), 0);
		cr_assert_eq(sem_wait_patiently(&d[i].started), 0);
		tids[i] = d[i].tid;
	}
	cr_assert(all_sleep_on(tids, 3, &m), "the lockers never all slept");
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(join_patiently(t[i], 0), 0,
			     "locker %d never heard the mutex became "
			     "unrecoverable", i);
		cr_assert_eq(d[i].rc, ENOTRECOVERABLE, "locker %d got %d", i,
			     d[i].rc);
	}
	cr_assert_eq(pthread_mutex_lock(&m), ENOTRECOVERABLE);
}

Test(robust, notrecoverable_wakes_every_sleeping_locker)
{
	notrecoverable_wakes_all(NO_PROTOCOL);
}

Test(robust, pi_notrecoverable_wakes_every_sleeping_locker)
{
	notrecoverable_wakes_all(PTHREAD_PRIO_INHERIT);
}

/* ----------------------------------------------------------- consistent */

Test(robust, consistent_on_non_robust_mutex_gives_einval)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_consistent(&m), EINVAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_consistent(&m), EINVAL);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(robust, consistent_on_consistent_robust_mutex_gives_einval)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_consistent(&m), EINVAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_consistent(&m), EINVAL);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	/* and once repaired, it is consistent again */
	die_holding_one(&m);
	cr_assert_eq(pthread_mutex_lock(&m), EOWNERDEAD);
	cr_assert_eq(pthread_mutex_consistent(&m), 0);
	cr_assert_eq(pthread_mutex_consistent(&m), EINVAL);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* fxpthread answers EINVAL when a thread other than the heir asks
 * (docs/mutex.md#consistency); the heir can still repair it. */
Test(robust, consistent_by_non_owner_gives_einval)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	die_holding_one(&m);
	cr_assert_eq(pthread_mutex_lock(&m), EOWNERDEAD);
	cr_assert_eq(in_other_thread(call_consistent, &m), EINVAL);
	recover(&m, 0);
}

/* ------------------------------------------------------ owner, errors */

Test(robust, word_holds_owner_tid_while_held)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	cr_assert_eq(word_at(&m, 0), 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(word_at(&m, 0), (uint32_t)gettid());
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(word_at(&m, 0), 0);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)h.tid);
	cr_assert_neq(h.tid, gettid());
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(word_at(&m, 0), 0);
}

Test(robust, unlock_by_non_owner_gives_eperm)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
	cr_assert_eq(word_at(&m, 0) & FUTEX_TID_MASK, (uint32_t)h.tid,
		     "a non-owner's unlock changed the word");
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM); /* unlocked */
}

Test(robust, errorcheck_relock_gives_edeadlk)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_ERRORCHECK, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

/* docs/mutex.md: fxpthread reports the relock of a NORMAL robust mutex
 * instead of sleeping forever. */
/* POSIX: relocking a NORMAL mutex deadlocks, robust or not; a timed
 * relock therefore waits out its deadline. */
Test(robust, normal_relock_deadlocks_until_the_deadline)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 20 * 1000 * 1000;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	cr_assert_eq(pthread_mutex_timedlock(&m, &dl), ETIMEDOUT);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(robust, recursive_relock_counts_depth)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_RECURSIVE, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	for (int depth = 3; depth > 0; depth--) {
		cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY,
			     "released with %d levels left", depth);
		cr_assert_eq(pthread_mutex_unlock(&m), 0);
	}
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(robust, trylock_of_held_mutex_gives_ebusy)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
}

Test(robust, destroy_of_locked_mutex_gives_ebusy)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

/* ------------------------------------------------------------ deadlines */

static void held_robust_gives(struct timespec d, clockid_t clock,
			      int use_clocklock, int expected)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	struct holder h;
	/* The holder gives up after 2 s, so a locker that ignores its
	 * deadline returns 0 (wrong) instead of hanging the test. */
	holder_start_patience(&h, call_mutex_lock, call_mutex_unlock, &m, 2000);
	int rc = use_clocklock ? pthread_mutex_clocklock(&m, clock, &d)
			       : pthread_mutex_timedlock(&m, &d);
	int holder_unlock = holder_finish(&h);
	if (rc == 0)
		pthread_mutex_unlock(&m);
	cr_assert_eq(rc, expected, "got %d, expected %d", rc, expected);
	cr_assert_eq(holder_unlock, 0);
}

Test(robust, timedlock_on_held_mutex_times_out)
{
	held_robust_gives(ts_after(CLOCK_REALTIME, 50), CLOCK_REALTIME, 0,
			  ETIMEDOUT);
}

Test(robust, clocklock_monotonic_on_held_mutex_times_out)
{
	held_robust_gives(ts_after(CLOCK_MONOTONIC, 50), CLOCK_MONOTONIC, 1,
			  ETIMEDOUT);
}

Test(robust, timedlock_past_deadline_on_held_mutex_times_out)
{
	held_robust_gives((struct timespec){ .tv_sec = 1 }, CLOCK_REALTIME, 0,
			  ETIMEDOUT);
}

/* docs/mutex.md, "Timeouts": a negative tv_sec times out. */
Test(robust, timedlock_negative_tv_sec_on_held_mutex_times_out)
{
	held_robust_gives((struct timespec){ .tv_sec = -1 }, CLOCK_REALTIME, 0,
			  ETIMEDOUT);
}

Test(robust, clocklock_negative_tv_sec_on_held_mutex_times_out)
{
	held_robust_gives((struct timespec){ .tv_sec = -1 }, CLOCK_MONOTONIC, 1,
			  ETIMEDOUT);
}

Test(robust, timedlock_bad_nsec_on_held_mutex_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	d.tv_nsec = 1000000000L;
	held_robust_gives(d, CLOCK_REALTIME, 0, EINVAL);
	d.tv_nsec = -1;
	held_robust_gives(d, CLOCK_REALTIME, 0, EINVAL);
}

Test(robust, timedlock_past_deadline_on_free_mutex_locks_it)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	struct timespec past = { .tv_sec = 1 }, negative = { .tv_sec = -1 };
	cr_assert_eq(pthread_mutex_timedlock(&m, &past), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_timedlock(&m, &negative), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* ------------------------------------------------------------- stress */

Test(robust, robust_mutex_excludes_under_contention)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, NO_PROTOCOL);
	check_mutex_excludes(&m, 4, 30000, 0);
}

Test(robust, robust_recursive_mutex_excludes_under_contention)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_RECURSIVE, NO_PROTOCOL);
	check_mutex_excludes(&m, 4, 30000, 1);
}

/* Owners keep dying while other threads lock and unlock: every death is
 * reported exactly once, to whichever locker comes next. */
struct churn {
	pthread_mutex_t *m;
	long iters;
	long counter;	/* under m */
	long deaths_seen; /* under m */
	atomic_int errors;
};

/* Lock, taking over a dead owner's mutex if need be. */
static int churn_lock(struct churn *c)
{
	int rc = pthread_mutex_lock(c->m);
	if (rc == EOWNERDEAD) {
		c->deaths_seen++;
		rc = pthread_mutex_consistent(c->m);
	}
	if (rc)
		atomic_fetch_add(&c->errors, 1);
	return rc;
}

static void *churn_worker(void *p)
{
	struct churn *c = p;
	for (long i = 0; i < c->iters; i++) {
		if (churn_lock(c))
			continue;
		c->counter++;
		if (pthread_mutex_unlock(c->m))
			atomic_fetch_add(&c->errors, 1);
	}
	return 0;
}

static void *churn_die(void *p)
{
	struct churn *c = p;
	if (churn_lock(c) == 0)
		c->counter++;
	return 0; /* exits holding it */
}

static void owner_churn(int protocol)
{
	pthread_mutex_t m;
	make_robust(&m, PTHREAD_MUTEX_NORMAL, protocol);
	struct churn c = { .m = &m, .iters = 20000 };
	pthread_t w[3];
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&w[i], 0, churn_worker, &c), 0);
	const int deaths = 100;
	for (int i = 0; i < deaths; i++) {
		pthread_t t;
		cr_assert_eq(pthread_create(&t, 0, churn_die, &c), 0);
		cr_assert_eq(pthread_join(t, 0), 0);
	}
	for (int i = 0; i < 3; i++)
		cr_assert_eq(join_patiently(w[i], 0), 0,
			     "worker %d never finished: a sleeping locker missed "
			     "an owner's death (word %#x)",
			     i, word_at(&m, 0));
	cr_assert_eq(churn_lock(&c), 0); /* may inherit the last death */
	cr_assert_eq(atomic_load(&c.errors), 0);
	cr_assert_eq(c.deaths_seen, deaths, "deaths reported %ld of %d",
		     c.deaths_seen, deaths);
	cr_assert_eq(c.counter, 3 * c.iters + deaths);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(robust, every_owner_death_is_reported_once_under_contention)
{
	owner_churn(NO_PROTOCOL);
}

Test(robust, every_pi_owner_death_is_reported_once_under_contention)
{
	owner_churn(PTHREAD_PRIO_INHERIT);
}
