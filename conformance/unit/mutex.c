/* Mutexes of the four types on the 0/1/2 word (runtime/mutex/mutex.c):
 * lock, trylock and unlock semantics, error codes, deadlines, destroy, and
 * the priority ceiling.  Robust and PI mutexes: robust.c and pi.c. */
#include <limits.h>
#include <stdlib.h>
#include "unit.h"
#include <criterion/parameterized.h>

TestSuite(mutex, .timeout = 40);

static int all_types[] = {
	PTHREAD_MUTEX_NORMAL,
	PTHREAD_MUTEX_RECURSIVE,
	PTHREAD_MUTEX_ERRORCHECK,
	PTHREAD_MUTEX_ADAPTIVE_NP,
};

static const char *type_name(int type)
{
	switch (type) {
	case PTHREAD_MUTEX_NORMAL: return "normal";
	case PTHREAD_MUTEX_RECURSIVE: return "recursive";
	case PTHREAD_MUTEX_ERRORCHECK: return "errorcheck";
	case PTHREAD_MUTEX_ADAPTIVE_NP: return "adaptive";
	}
	return "?";
}

#define FOR_EVERY_TYPE(name)                                                 \
	ParameterizedTestParameters(mutex, name)                             \
	{                                                                    \
		return cr_make_param_array(int, all_types,                   \
					   sizeof all_types /                \
						   sizeof all_types[0]);     \
	}                                                                    \
	ParameterizedTest(int *type, mutex, name)

/* ---------------------------------------------------------- exclusion */

Test(mutex, normal_mutex_excludes_under_contention)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_NORMAL, 0, NO_PROTOCOL);
	check_mutex_excludes(&m, 4, 50000, 0);
}

Test(mutex, adaptive_mutex_excludes_under_contention)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ADAPTIVE_NP, 0, NO_PROTOCOL);
	check_mutex_excludes(&m, 4, 50000, 0);
}

Test(mutex, errorcheck_mutex_excludes_under_contention)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	check_mutex_excludes(&m, 4, 50000, 0);
}

Test(mutex, recursive_mutex_excludes_under_contention_with_nested_locks)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 0, NO_PROTOCOL);
	check_mutex_excludes(&m, 4, 50000, 1);
}

Test(mutex, process_shared_mutex_excludes_under_contention)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	cr_assert_eq(pthread_mutexattr_init(&a), 0);
	cr_assert_eq(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_mutex_init(&m, &a), 0);
	check_mutex_excludes(&m, 4, 50000, 0);
}

/* A locker whose deadline passes leaves the word marked contended; the
 * sleepers behind it must still be handed the mutex one by one. */
struct impatient {
	pthread_mutex_t *m;
	long iters;
	long entries; /* per thread */
	long counter_adds;
	long *counter;
	atomic_int *errors;
};

static void *impatient_worker(void *p)
{
	struct impatient *w = p;
	for (long i = 0; i < w->iters; i++) {
		struct timespec d = ts_after(CLOCK_MONOTONIC, i % 3 == 0 ? 0 : 1);
		int rc = pthread_mutex_clocklock(w->m, CLOCK_MONOTONIC, &d);
		if (rc == ETIMEDOUT)
			continue;
		if (rc != 0) {
			atomic_fetch_add(w->errors, 1);
			continue;
		}
		(*w->counter)++;
		w->entries++;
		if (pthread_mutex_unlock(w->m) != 0)
			atomic_fetch_add(w->errors, 1);
	}
	return 0;
}

static void *patient_worker(void *p)
{
	struct impatient *w = p;
	for (long i = 0; i < w->iters; i++) {
		if (pthread_mutex_lock(w->m) != 0) {
			atomic_fetch_add(w->errors, 1);
			continue;
		}
		(*w->counter)++;
		w->entries++;
		if (pthread_mutex_unlock(w->m) != 0)
			atomic_fetch_add(w->errors, 1);
	}
	return 0;
}

Test(mutex, timed_out_lockers_strand_no_sleeper)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	long counter = 0;
	atomic_int errors = 0;
	struct impatient w[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct impatient){ .m = &m, .iters = 20000,
					   .counter = &counter,
					   .errors = &errors };
		cr_assert_eq(pthread_create(&t[i], 0,
					    i % 2 ? impatient_worker
						  : patient_worker,
					    &w[i]),
			     0);
	}
	long entries = 0;
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pthread_join(t[i], 0), 0);
		entries += w[i].entries;
	}
	cr_assert_eq(atomic_load(&errors), 0);
	cr_assert_eq(counter, entries, "counter %ld, entries %ld", counter,
		     entries);
	cr_assert_geq(entries, 2 * 20000, "patient lockers lost entries");
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* ------------------------------------------------------- type semantics */

Test(mutex, normal_trylock_of_held_mutex_gives_ebusy)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_NORMAL, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(mutex, default_type_attribute_gives_a_normal_mutex)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_DEFAULT, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(mutex, errorcheck_relock_gives_edeadlk)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_mutex_timedlock(&m, &d), EDEADLK);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0,
		     "one unlock must release an errorcheck mutex");
}

Test(mutex, errorcheck_trylock_by_owner_gives_ebusy)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(mutex, errorcheck_unlock_of_unlocked_mutex_gives_eperm)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(mutex, errorcheck_unlock_by_non_owner_gives_eperm)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY, "non-owner unlock released it");
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(mutex, recursive_relock_counts_depth)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 0, NO_PROTOCOL);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_timedlock(&m, &d), 0);
	cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &d), 0);
	for (int depth = 4; depth > 0; depth--) {
		cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY,
			     "released with %d levels left", depth);
		cr_assert_eq(pthread_mutex_unlock(&m), 0);
	}
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(mutex, recursive_unlock_by_non_owner_gives_eperm)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 0, NO_PROTOCOL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
}

Test(mutex, recursive_unlock_of_unlocked_mutex_gives_eperm)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

/* Reaching 2^32 levels by locking would take minutes, so the depth field
 * (offset 4, docs/layout.md) is set near the limit directly. */
Test(mutex, recursive_depth_overflow_gives_eagain)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 0, NO_PROTOCOL);
	uint32_t *depth = (uint32_t *)((char *)&m + 4);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(*depth, 0, "layout changed: depth is not at offset 4");
	*depth = UINT32_MAX - 1;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EAGAIN);
	cr_assert_eq(pthread_mutex_trylock(&m), EAGAIN);
	cr_assert_eq(*depth, UINT32_MAX);
	*depth = 1;
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

/* ------------------------------------------------------------ deadlines */

static void held_mutex_gives(int type, clockid_t clock, int use_clocklock,
			     struct timespec deadline, int expected)
{
	pthread_mutex_t m;
	mutex_make(&m, type, 0, NO_PROTOCOL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	int rc = use_clocklock ? pthread_mutex_clocklock(&m, clock, &deadline)
			       : pthread_mutex_timedlock(&m, &deadline);
	cr_assert_eq(rc, expected, "%s mutex: got %d, expected %d",
		     type_name(type), rc, expected);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY,
		     "%s mutex: the holder lost it", type_name(type));
	cr_assert_eq(holder_finish(&h), 0, "%s mutex: holder's unlock failed",
		     type_name(type));
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

FOR_EVERY_TYPE(timedlock_on_held_mutex_times_out)
{
	held_mutex_gives(*type, CLOCK_REALTIME, 0,
			 ts_after(CLOCK_REALTIME, 50), ETIMEDOUT);
}

FOR_EVERY_TYPE(clocklock_realtime_on_held_mutex_times_out)
{
	held_mutex_gives(*type, CLOCK_REALTIME, 1,
			 ts_after(CLOCK_REALTIME, 50), ETIMEDOUT);
}

/* A monotonic deadline is far in the past on the realtime clock, so a
 * clock mix-up would time out at once; the deadline must have passed on
 * CLOCK_MONOTONIC when ETIMEDOUT comes back. */
FOR_EVERY_TYPE(clocklock_monotonic_on_held_mutex_times_out_on_that_clock)
{
	pthread_mutex_t m;
	mutex_make(&m, *type, 0, NO_PROTOCOL);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	struct timespec d = ts_after(CLOCK_MONOTONIC, 50);
	cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &d), ETIMEDOUT);
	cr_assert(ts_reached(CLOCK_MONOTONIC, &d),
		  "%s mutex: ETIMEDOUT before the monotonic deadline",
		  type_name(*type));
	cr_assert_eq(holder_finish(&h), 0);
}

FOR_EVERY_TYPE(timedlock_past_deadline_on_held_mutex_times_out)
{
	held_mutex_gives(*type, CLOCK_REALTIME, 0,
			 (struct timespec){ .tv_sec = 1 }, ETIMEDOUT);
}

FOR_EVERY_TYPE(timedlock_negative_tv_sec_on_held_mutex_times_out)
{
	held_mutex_gives(*type, CLOCK_REALTIME, 0,
			 (struct timespec){ .tv_sec = -1 }, ETIMEDOUT);
}

FOR_EVERY_TYPE(timedlock_nsec_too_large_on_held_mutex_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	d.tv_nsec = 1000000000L;
	held_mutex_gives(*type, CLOCK_REALTIME, 0, d, EINVAL);
}

FOR_EVERY_TYPE(timedlock_negative_nsec_on_held_mutex_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	d.tv_nsec = -1;
	held_mutex_gives(*type, CLOCK_REALTIME, 0, d, EINVAL);
}

FOR_EVERY_TYPE(clocklock_cpu_clock_on_held_mutex_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	held_mutex_gives(*type, CLOCK_PROCESS_CPUTIME_ID, 1, d, EINVAL);
}

/* POSIX: never a timeout when the mutex can be locked at once. */
FOR_EVERY_TYPE(timedlock_past_deadline_on_free_mutex_locks_it)
{
	pthread_mutex_t m;
	mutex_make(&m, *type, 0, NO_PROTOCOL);
	struct timespec past = { .tv_sec = 1 }, negative = { .tv_sec = -1 };
	cr_assert_eq(pthread_mutex_timedlock(&m, &past), 0, "%s",
		     type_name(*type));
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &negative), 0,
		     "%s", type_name(*type));
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* POSIX lets an immediately available mutex skip validating the deadline;
 * fxpthread's 0/1/2 types do skip it (docs/mutex.md, "Timeouts").  Either
 * answer conforms; this pins the current one so a change is noticed. */
FOR_EVERY_TYPE(timedlock_bad_nsec_on_free_mutex_locks_it)
{
	pthread_mutex_t m;
	mutex_make(&m, *type, 0, NO_PROTOCOL);
	struct timespec bad = { .tv_sec = 1, .tv_nsec = 1000000000L };
	cr_assert_eq(pthread_mutex_timedlock(&m, &bad), 0, "%s",
		     type_name(*type));
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* An unsupported clock is refused even when the mutex is free (as glibc
 * does), and the mutex stays free. */
FOR_EVERY_TYPE(clocklock_cpu_clock_on_free_mutex_gives_einval)
{
	pthread_mutex_t m;
	mutex_make(&m, *type, 0, NO_PROTOCOL);
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_PROCESS_CPUTIME_ID, &d),
		     EINVAL, "%s", type_name(*type));
	cr_assert_eq(pthread_mutex_clocklock(&m, CLOCK_THREAD_CPUTIME_ID, &d),
		     EINVAL, "%s", type_name(*type));
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
}

/* -------------------------------------------------------------- destroy */

FOR_EVERY_TYPE(destroy_of_locked_mutex_gives_ebusy)
{
	pthread_mutex_t m;
	mutex_make(&m, *type, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), EBUSY, "%s", type_name(*type));
	cr_assert_eq(pthread_mutex_unlock(&m), 0, "destroy spoiled a held mutex");
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

Test(mutex, destroy_of_mutex_held_by_other_thread_gives_ebusy)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(pthread_mutex_destroy(&m), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

/* fxpthread (like glibc) marks a destroyed mutex so that later use fails
 * instead of working by accident (docs/mutex.md, "Destroy"). */
FOR_EVERY_TYPE(use_after_destroy_gives_einval)
{
	pthread_mutex_t m;
	mutex_make(&m, *type, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EINVAL, "%s", type_name(*type));
	cr_assert_eq(pthread_mutex_trylock(&m), EINVAL);
	cr_assert_eq(pthread_mutex_unlock(&m), EINVAL);
}

Test(mutex, init_after_destroy_gives_a_working_mutex)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, NO_PROTOCOL);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
	cr_assert_eq(pthread_mutex_init(&m, 0), 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

/* Destroy and free right after the last unlock (POSIX allows it): an
 * unlocking thread must not write to the memory once another thread can
 * own the mutex.  Each round:
 *   1. main holds M; T blocks in lock(M);
 *   2. main unlocks; T takes M and unlocks it;
 *   3. main's lock(M) returns as soon as T's release makes M free; main
 *      unlocks, destroys, poisons and frees M while T may still be
 *      finishing its unlock. */
struct handoff {
	pthread_mutex_t *m;
	atomic_int rc;
};

static void *handoff_waiter(void *p)
{
	struct handoff *x = p;
	int rc = pthread_mutex_lock(x->m);
	if (rc == 0)
		rc = pthread_mutex_unlock(x->m);
	atomic_store(&x->rc, rc);
	return 0;
}

/* T holds the mutex, or is done with it. */
static int waiter_took_it(void *p)
{
	struct handoff *x = p;
	return atomic_load(&x->rc) != -1 || word_at(x->m, 0) != 0;
}

Test(mutex, destroy_and_free_right_after_contended_unlock)
{
	for (int round = 0; round < 300; round++) {
		struct handoff x = { .m = malloc(sizeof(pthread_mutex_t)),
				     .rc = -1 };
		cr_assert_not_null(x.m);
		cr_assert_eq(pthread_mutex_init(x.m, 0), 0);
		cr_assert_eq(pthread_mutex_lock(x.m), 0);
		pthread_t t;
		cr_assert_eq(pthread_create(&t, 0, handoff_waiter, &x), 0);
		if (round % 2)
			sched_yield();
		cr_assert_eq(pthread_mutex_unlock(x.m), 0);
		cr_assert(eventually(waiter_took_it, &x), "round %d", round);
		cr_assert_eq(pthread_mutex_lock(x.m), 0, "round %d", round);
		cr_assert_eq(pthread_mutex_unlock(x.m), 0);
		cr_assert_eq(pthread_mutex_destroy(x.m), 0, "round %d", round);
		memset(x.m, 0xa5, sizeof *x.m);
		free(x.m);
		cr_assert_eq(pthread_join(t, 0), 0);
		cr_assert_eq(atomic_load(&x.rc), 0, "round %d", round);
	}
}

/* ------------------------------------------------------ priority ceiling */

static void make_protect(pthread_mutex_t *m, int type, int ceiling)
{
	pthread_mutexattr_t a;
	cr_assert_eq(pthread_mutexattr_init(&a), 0);
	cr_assert_eq(pthread_mutexattr_settype(&a, type), 0);
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT), 0);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, ceiling), 0);
	cr_assert_eq(pthread_mutex_init(m, &a), 0);
	pthread_mutexattr_destroy(&a);
}

struct sched {
	int policy, prio;
};

static struct sched my_sched(void)
{
	struct sched s;
	struct sched_param sp;
	cr_assert_eq(pthread_getschedparam(pthread_self(), &s.policy, &sp), 0);
	s.prio = sp.sched_priority;
	return s;
}

static int try_fifo(void *unused)
{
	struct sched_param sp = { .sched_priority = 1 };
	return pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
}

/* Ceiling boosts are observable only where SCHED_FIFO is permitted. */
static void require_realtime(void)
{
	if (in_other_thread(try_fifo, 0) != 0)
		cr_skip_test("SCHED_FIFO is not permitted here");
}

Test(mutex, prio_protect_mutex_reports_its_ceiling)
{
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_NORMAL, 10);
	int c = -1;
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, 10);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

Test(mutex, prio_protect_without_ceiling_uses_the_lowest)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	cr_assert_eq(pthread_mutexattr_init(&a), 0);
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT), 0);
	cr_assert_eq(pthread_mutex_init(&m, &a), 0);
	int c = -1;
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, sched_get_priority_min(SCHED_FIFO));
}

Test(mutex, setprioceiling_returns_old_and_sets_new)
{
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_NORMAL, 10);
	int old = -1, c = -1;
	cr_assert_eq(pthread_mutex_setprioceiling(&m, 20, &old), 0);
	cr_assert_eq(old, 10);
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, 20);
	cr_assert_eq(pthread_mutex_setprioceiling(&m, 5, &old), 0);
	cr_assert_eq(old, 20);
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, 5);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0,
		     "setprioceiling left the mutex locked");
}

Test(mutex, setprioceiling_out_of_range_gives_einval)
{
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_NORMAL, 10);
	int lo = sched_get_priority_min(SCHED_FIFO);
	int hi = sched_get_priority_max(SCHED_FIFO);
	int old = -1, c = -1;
	cr_assert_eq(pthread_mutex_setprioceiling(&m, lo - 1, &old), EINVAL);
	cr_assert_eq(pthread_mutex_setprioceiling(&m, hi + 1, &old), EINVAL);
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, 10);
}

Test(mutex, prioceiling_of_mutex_without_prio_protect_gives_einval)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, pi;
	int c = -1, old = -1;
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), EINVAL);
	cr_assert_eq(pthread_mutex_setprioceiling(&m, 10, &old), EINVAL);
	mutex_make(&pi, PTHREAD_MUTEX_NORMAL, 0, PTHREAD_PRIO_INHERIT);
	cr_assert_eq(pthread_mutex_getprioceiling(&pi, &c), EINVAL);
	cr_assert_eq(pthread_mutex_setprioceiling(&pi, 10, &old), EINVAL);
}

Test(mutex, setprioceiling_by_owner_of_recursive_mutex_keeps_it_held)
{
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_RECURSIVE, 10);
	int old = -1, c = -1;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_setprioceiling(&m, 15, &old), 0);
	cr_assert_eq(old, 10);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, 15);
}

Test(mutex, prio_protect_errorcheck_relock_gives_edeadlk)
{
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_ERRORCHECK, 10);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(mutex, prio_protect_unlock_restores_scheduling)
{
	pthread_mutex_t a, b;
	make_protect(&a, PTHREAD_MUTEX_NORMAL, 10);
	make_protect(&b, PTHREAD_MUTEX_NORMAL, 20);
	struct sched before = my_sched();
	cr_assert_eq(pthread_mutex_lock(&a), 0);
	cr_assert_eq(pthread_mutex_lock(&b), 0);
	cr_assert_eq(pthread_mutex_unlock(&a), 0);
	cr_assert_eq(pthread_mutex_unlock(&b), 0);
	struct sched after = my_sched();
	cr_assert_eq(after.policy, before.policy);
	cr_assert_eq(after.prio, before.prio);
}

Test(mutex, prio_protect_runs_owner_at_highest_held_ceiling)
{
	require_realtime();
	pthread_mutex_t a, b;
	make_protect(&a, PTHREAD_MUTEX_NORMAL, 10);
	make_protect(&b, PTHREAD_MUTEX_NORMAL, 20);
	struct sched s0 = my_sched();
	cr_assert_eq(s0.policy, SCHED_OTHER);
	cr_assert_eq(pthread_mutex_lock(&a), 0);
	struct sched s = my_sched();
	cr_assert(s.policy == SCHED_FIFO && s.prio == 10, "policy %d prio %d",
		  s.policy, s.prio);
	cr_assert_eq(pthread_mutex_lock(&b), 0);
	s = my_sched();
	cr_assert(s.policy == SCHED_FIFO && s.prio == 20, "policy %d prio %d",
		  s.policy, s.prio);
	cr_assert_eq(pthread_mutex_unlock(&a), 0); /* not in LIFO order */
	s = my_sched();
	cr_assert(s.policy == SCHED_FIFO && s.prio == 20, "policy %d prio %d",
		  s.policy, s.prio);
	cr_assert_eq(pthread_mutex_unlock(&b), 0);
	s = my_sched();
	cr_assert(s.policy == s0.policy && s.prio == s0.prio,
		  "policy %d prio %d after the last unlock", s.policy, s.prio);
}

Test(mutex, prio_protect_lock_above_ceiling_gives_einval)
{
	require_realtime();
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_NORMAL, 10);
	struct sched_param sp = { .sched_priority = 30 };
	cr_assert_eq(pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp), 0);
	int lock_rc = pthread_mutex_lock(&m);
	int trylock_rc = pthread_mutex_trylock(&m);
	sp.sched_priority = 0;
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp);
	cr_assert_eq(lock_rc, EINVAL);
	cr_assert_eq(trylock_rc, EINVAL);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
}

struct ceiling_waiter {
	pthread_mutex_t *m;
	int lock_rc, unlock_rc;
	struct sched after;
};

static void *ceiling_waiter_main(void *p)
{
	struct ceiling_waiter *w = p;
	w->lock_rc = pthread_mutex_lock(w->m);
	w->unlock_rc = w->lock_rc ? -1 : pthread_mutex_unlock(w->m);
	struct sched_param sp;
	pthread_getschedparam(pthread_self(), &w->after.policy, &sp);
	w->after.prio = sp.sched_priority;
	return 0;
}

static int word_is_contended(void *m)
{
	/* A locker waits: 2 (asleep on the word) or PARKED (8) with 1
	 * (docs/mutex.md#parking). */
	return word_at(m, 0) >= 2;
}

/* A thread that releases its last ceiling mutex runs at its own priority
 * again, even if the ceiling changed while it waited for the mutex:
 *   1. main locks M (ceiling 10);
 *   2. T calls lock(M): it is raised for ceiling 10 and sleeps;
 *   3. main, the owner, sets M's ceiling to 20 and unlocks;
 *   4. T gets M and unlocks it: T must be back to SCHED_OTHER. */
Test(mutex, ceiling_change_while_a_thread_waits_leaves_no_boost_behind)
{
	require_realtime();
	pthread_mutex_t m;
	make_protect(&m, PTHREAD_MUTEX_RECURSIVE, 10);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	struct ceiling_waiter w = { .m = &m };
	pthread_t t;
	/* T must start at SCHED_OTHER: by default a new thread inherits the
	 * creator's current (here boosted) scheduling from the kernel. */
	pthread_attr_t ta;
	struct sched_param other = { .sched_priority = 0 };
	cr_assert_eq(pthread_attr_init(&ta), 0);
	cr_assert_eq(pthread_attr_setinheritsched(&ta, PTHREAD_EXPLICIT_SCHED), 0);
	cr_assert_eq(pthread_attr_setschedpolicy(&ta, SCHED_OTHER), 0);
	cr_assert_eq(pthread_attr_setschedparam(&ta, &other), 0);
	cr_assert_eq(pthread_create(&t, &ta, ceiling_waiter_main, &w), 0);
	pthread_attr_destroy(&ta);
	cr_assert(eventually(word_is_contended, &m), "T never slept on M");
	int old = -1;
	cr_assert_eq(pthread_mutex_setprioceiling(&m, 20, &old), 0);
	cr_assert_eq(old, 10);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.lock_rc, 0);
	cr_assert_eq(w.unlock_rc, 0);
	struct sched mine = my_sched();
	cr_assert(mine.policy == SCHED_OTHER, "main left at policy %d prio %d",
		  mine.policy, mine.prio);
	cr_assert(w.after.policy == SCHED_OTHER && w.after.prio == 0,
		  "T holds no mutex but runs at policy %d prio %d",
		  w.after.policy, w.after.prio);
}
