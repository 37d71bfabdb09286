/* Condition variables (runtime/cond/cond.c, docs/cond.md): wakeups,
 * deadlines and clocks, the mutex hand-off for every mutex kind,
 * cancellation, and destroy right after a broadcast.  Long stress runs
 * live in cond_stress.c. */
#include <linux/futex.h>
#include <stdlib.h>
#include "unit.h"

TestSuite(cond, .timeout = 40);

/* ------------------------------------------------------ token waiters */

/* Waiters that each consume one token; tokens are handed out under the
 * mutex and announced with signal or broadcast. */
#define POOL_MAX 8

struct pool {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting;  /* inside the predicate loop; under m */
	int tokens;   /* under m */
	int consumed; /* under m */
	int wakeups;  /* returns from pthread_cond_wait; under m */
	int errors;   /* under m */
	int own_checks_failed; /* after each wakeup: do we own m? */
	int check_tid;	       /* m is TID-owned: compare the word */
	int nslots;	       /* under m */
	pid_t tid[POOL_MAX];   /* of each waiter, by slot */
	int done[POOL_MAX];    /* the waiter took its token; under m */
};

static void *token_waiter(void *p)
{
	struct pool *x = p;
	pthread_mutex_lock(x->m);
	int slot = x->nslots++;
	x->tid[slot] = gettid();
	x->waiting++;
	while (x->tokens == 0) {
		int rc = pthread_cond_wait(x->c, x->m);
		x->wakeups++;
		if (rc)
			x->errors++;
		if (x->check_tid &&
		    (word_at(x->m, 0) & FUTEX_TID_MASK) != (uint32_t)gettid())
			x->own_checks_failed++;
	}
	x->tokens--;
	x->consumed++;
	x->waiting--;
	x->done[slot] = 1;
	if (pthread_mutex_unlock(x->m))
		x->errors++;
	return 0;
}

/* The waiters that have not taken a token yet, all asleep on the
 * condvar (bounded wait). */
static int pool_rest_sleep(struct pool *x)
{
	pid_t rest[POOL_MAX];
	int n = 0;
	pthread_mutex_lock(x->m);
	for (int i = 0; i < x->nslots; i++)
		if (!x->done[i])
			rest[n++] = x->tid[i];
	pthread_mutex_unlock(x->m);
	return all_sleep_on(rest, n, x->c);
}

struct pool_query {
	struct pool *x;
	int want;
};

static int pool_waiting_is(void *p)
{
	struct pool_query *q = p;
	pthread_mutex_lock(q->x->m);
	int r = q->x->waiting == q->want;
	pthread_mutex_unlock(q->x->m);
	return r;
}

static int pool_consumed_is(void *p)
{
	struct pool_query *q = p;
	pthread_mutex_lock(q->x->m);
	int r = q->x->consumed == q->want;
	pthread_mutex_unlock(q->x->m);
	return r;
}

/* Start n waiters and return once all of them sleep in the kernel on
 * the condvar, so that a wake issued now reaches them all. */
static void pool_start(struct pool *x, pthread_t *t, int n)
{
	cr_assert(n <= POOL_MAX);
	for (int i = 0; i < n; i++)
		cr_assert_eq(pthread_create(&t[i], 0, token_waiter, x), 0);
	struct pool_query q = { x, n };
	cr_assert(eventually(pool_waiting_is, &q), "waiters never all waited");
	cr_assert(pool_rest_sleep(x), "waiters never all slept on the condvar");
}

static void pool_give(struct pool *x, int tokens, int broadcast)
{
	cr_assert_eq(pthread_mutex_lock(x->m), 0);
	x->tokens += tokens;
	cr_assert_eq(broadcast ? pthread_cond_broadcast(x->c)
			       : pthread_cond_signal(x->c),
		     0);
	cr_assert_eq(pthread_mutex_unlock(x->m), 0);
}

static void pool_expect_consumed(struct pool *x, int n)
{
	struct pool_query q = { x, n };
	cr_assert(eventually(pool_consumed_is, &q),
		  "only %d of %d tokens were taken: a wakeup was lost",
		  x->consumed, n);
}

static void pool_join(struct pool *x, pthread_t *t, int n)
{
	for (int i = 0; i < n; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(x->errors, 0, "%d waits or unlocks failed", x->errors);
	cr_assert_eq(x->own_checks_failed, 0,
		     "%d wakeups returned without owning the mutex",
		     x->own_checks_failed);
	cr_assert_eq(x->tokens, 0);
}

/* With all waiters asleep in the kernel, each signal wakes exactly one:
 * the one that takes the token.  The others stay asleep (checked by
 * seeing them on the condvar again and counting returns from the wait,
 * which would include any extra wakeup). */
Test(cond, signal_wakes_exactly_one_sleeping_waiter)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct pool x = { .m = &m, .c = &c };
	pthread_t t[4];
	pool_start(&x, t, 4);
	for (int i = 1; i <= 4; i++) {
		pool_give(&x, 1, 0);
		pool_expect_consumed(&x, i);
		cr_assert(pool_rest_sleep(&x));
		pthread_mutex_lock(&m);
		int wakeups = x.wakeups;
		pthread_mutex_unlock(&m);
		cr_assert_eq(wakeups, i, "%d signals caused %d wakeups", i,
			     wakeups);
	}
	pool_join(&x, t, 4);
	cr_assert_eq(pthread_cond_destroy(&c), 0);
}

/* Tokens handed out with a signal as fast as waiters arrive (some not
 * yet asleep, some not yet waiting) are all taken. */
Test(cond, every_signalled_token_is_taken_as_waiters_arrive)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct pool x = { .m = &m, .c = &c };
	pthread_t t[6];
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(pthread_create(&t[i], 0, token_waiter, &x), 0);
		pool_give(&x, 1, 0);
	}
	pool_expect_consumed(&x, 6);
	pool_join(&x, t, 6);
	cr_assert_eq(pthread_cond_destroy(&c), 0);
}

static void broadcast_wakes_all(pthread_mutex_t *m, pthread_cond_t *c,
				int check_tid)
{
	struct pool x = { .m = m, .c = c, .check_tid = check_tid };
	pthread_t t[6];
	pool_start(&x, t, 6);
	pool_give(&x, 6, 1);
	pool_expect_consumed(&x, 6);
	pool_join(&x, t, 6);
	cr_assert_eq(pthread_cond_destroy(c), 0);
}

Test(cond, broadcast_wakes_every_waiter)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	broadcast_wakes_all(&m, &c, 0);
}

Test(cond, broadcast_wakes_every_waiter_of_errorcheck_mutex)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	broadcast_wakes_all(&m, &c, 0); /* each waiter's unlock checks owner */
}

Test(cond, broadcast_wakes_every_waiter_of_pi_mutex)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, PTHREAD_PRIO_INHERIT);
	broadcast_wakes_all(&m, &c, 1);
}

Test(cond, broadcast_wakes_every_waiter_of_robust_mutex)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	mutex_make(&m, PTHREAD_MUTEX_NORMAL, 1, NO_PROTOCOL);
	broadcast_wakes_all(&m, &c, 1);
}

Test(cond, broadcast_wakes_every_waiter_of_prio_protect_mutex)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	mutex_make(&m, PTHREAD_MUTEX_ERRORCHECK, 0, PTHREAD_PRIO_PROTECT);
	broadcast_wakes_all(&m, &c, 0);
}

Test(cond, process_shared_broadcast_wakes_every_waiter)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutex_t m;
	pthread_cond_t c;
	cr_assert_eq(pthread_mutexattr_init(&ma), 0);
	cr_assert_eq(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_mutex_init(&m, &ma), 0);
	cr_assert_eq(pthread_condattr_init(&ca), 0);
	cr_assert_eq(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_cond_init(&c, &ca), 0);
	broadcast_wakes_all(&m, &c, 0);
}

/* With nobody waiting, a signal or broadcast leaves nothing behind for
 * a later waiter (the implementation has no spurious wakeup here, C2). */
Test(cond, signal_without_waiters_is_not_remembered)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	cr_assert_eq(pthread_cond_signal(&c), 0);
	cr_assert_eq(pthread_cond_broadcast(&c), 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	struct timespec d = ts_after(CLOCK_REALTIME, 50);
	cr_assert_eq(pthread_cond_timedwait(&c, &m, &d), ETIMEDOUT);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* ------------------------------------------------------------ deadlines */

/* The caller must own m again when a timed wait returns. */
static void expect_owned_errorcheck(pthread_mutex_t *m)
{
	cr_assert_eq(mutex_probe_from_other_thread(m), EBUSY,
		     "the mutex is not held after the wait");
	cr_assert_eq(pthread_mutex_unlock(m), 0,
		     "the caller does not own the mutex after the wait");
}

static void timed_wait_times_out(pthread_cond_t *c, clockid_t clock,
				 int explicit_clock, struct timespec d)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	int rc = explicit_clock ? pthread_cond_clockwait(c, &m, clock, &d)
				: pthread_cond_timedwait(c, &m, &d);
	cr_assert_eq(rc, ETIMEDOUT, "got %d", rc);
	expect_owned_errorcheck(&m);
	cr_assert_eq(pthread_cond_destroy(c), 0);
}

Test(cond, timedwait_times_out_with_mutex_reacquired)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	timed_wait_times_out(&c, CLOCK_REALTIME, 0, ts_after(CLOCK_REALTIME, 50));
}

Test(cond, clockwait_monotonic_times_out_with_mutex_reacquired)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec d = ts_after(CLOCK_MONOTONIC, 50);
	timed_wait_times_out(&c, CLOCK_MONOTONIC, 1, d);
	cr_assert(ts_reached(CLOCK_MONOTONIC, &d),
		  "ETIMEDOUT before the monotonic deadline");
}

Test(cond, clockwait_realtime_times_out_with_mutex_reacquired)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	timed_wait_times_out(&c, CLOCK_REALTIME, 1, ts_after(CLOCK_REALTIME, 50));
}

Test(cond, timedwait_past_deadline_times_out_with_mutex_reacquired)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	timed_wait_times_out(&c, CLOCK_REALTIME, 0,
			     (struct timespec){ .tv_sec = 1 });
}

Test(cond, timedwait_negative_tv_sec_times_out_with_mutex_reacquired)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	timed_wait_times_out(&c, CLOCK_REALTIME, 0,
			     (struct timespec){ .tv_sec = -1 });
}

Test(cond, clockwait_negative_tv_sec_times_out_with_mutex_reacquired)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	timed_wait_times_out(&c, CLOCK_MONOTONIC, 1,
			     (struct timespec){ .tv_sec = -1, .tv_nsec = 5 });
}

/* The timeout leaves the recursion depth as it was. */
static void timedwait_restores_depth(pthread_mutex_t *m)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	cr_assert_eq(pthread_mutex_lock(m), 0);
	cr_assert_eq(pthread_mutex_lock(m), 0);
	cr_assert_eq(pthread_mutex_lock(m), 0);
	struct timespec d = ts_after(CLOCK_REALTIME, 20);
	cr_assert_eq(pthread_cond_timedwait(&c, m, &d), ETIMEDOUT);
	for (int depth = 3; depth > 0; depth--) {
		cr_assert_eq(mutex_probe_from_other_thread(m), EBUSY,
			     "released with %d levels left", depth);
		cr_assert_eq(pthread_mutex_unlock(m), 0);
	}
	cr_assert_eq(pthread_mutex_unlock(m), EPERM);
}

Test(cond, timedwait_with_recursive_mutex_restores_depth)
{
	pthread_mutex_t m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	timedwait_restores_depth(&m);
}

Test(cond, timedwait_with_recursive_pi_mutex_restores_depth)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 0, PTHREAD_PRIO_INHERIT);
	timedwait_restores_depth(&m);
}

Test(cond, timedwait_with_recursive_robust_mutex_restores_depth)
{
	pthread_mutex_t m;
	mutex_make(&m, PTHREAD_MUTEX_RECURSIVE, 1, NO_PROTOCOL);
	timedwait_restores_depth(&m);
}

static void bad_deadline_gives_einval(clockid_t clock, int explicit_clock,
				      struct timespec d)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	int rc = explicit_clock ? pthread_cond_clockwait(&c, &m, clock, &d)
				: pthread_cond_timedwait(&c, &m, &d);
	cr_assert_eq(rc, EINVAL, "got %d", rc);
	expect_owned_errorcheck(&m);
	cr_assert_eq(pthread_cond_destroy(&c), 0,
		     "the refused wait left a waiter count behind");
}

Test(cond, timedwait_nsec_too_large_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	d.tv_nsec = 1000000000L;
	bad_deadline_gives_einval(CLOCK_REALTIME, 0, d);
}

Test(cond, timedwait_negative_nsec_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	d.tv_nsec = -1;
	bad_deadline_gives_einval(CLOCK_REALTIME, 0, d);
}

Test(cond, clockwait_cpu_clock_gives_einval)
{
	bad_deadline_gives_einval(CLOCK_PROCESS_CPUTIME_ID, 1,
				  ts_after(CLOCK_REALTIME, 1000));
	bad_deadline_gives_einval(CLOCK_THREAD_CPUTIME_ID, 1,
				  ts_after(CLOCK_REALTIME, 1000));
}

Test(cond, clockwait_bad_nsec_gives_einval)
{
	struct timespec d = ts_after(CLOCK_MONOTONIC, 1000);
	d.tv_nsec = 1000000000L;
	bad_deadline_gives_einval(CLOCK_MONOTONIC, 1, d);
}

/* ------------------------------------------------------------ condattr */

Test(cond, condattr_defaults_to_realtime_and_private)
{
	pthread_condattr_t a;
	clockid_t clock = -1;
	int pshared = -1;
	cr_assert_eq(pthread_condattr_init(&a), 0);
	cr_assert_eq(pthread_condattr_getclock(&a, &clock), 0);
	cr_assert_eq(clock, CLOCK_REALTIME);
	cr_assert_eq(pthread_condattr_getpshared(&a, &pshared), 0);
	cr_assert_eq(pshared, PTHREAD_PROCESS_PRIVATE);
	cr_assert_eq(pthread_condattr_destroy(&a), 0);
}

Test(cond, condattr_setclock_round_trips_and_rejects_other_clocks)
{
	pthread_condattr_t a;
	clockid_t clock = -1;
	cr_assert_eq(pthread_condattr_init(&a), 0);
	cr_assert_eq(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	cr_assert_eq(pthread_condattr_getclock(&a, &clock), 0);
	cr_assert_eq(clock, CLOCK_MONOTONIC);
	cr_assert_eq(pthread_condattr_setclock(&a, CLOCK_PROCESS_CPUTIME_ID), EINVAL);
	cr_assert_eq(pthread_condattr_setclock(&a, CLOCK_THREAD_CPUTIME_ID), EINVAL);
	cr_assert_eq(pthread_condattr_setclock(&a, (clockid_t)-7), EINVAL);
	cr_assert_eq(pthread_condattr_getclock(&a, &clock), 0);
	cr_assert_eq(clock, CLOCK_MONOTONIC, "a refused clock changed it");
	cr_assert_eq(pthread_condattr_setclock(&a, CLOCK_REALTIME), 0);
	cr_assert_eq(pthread_condattr_getclock(&a, &clock), 0);
	cr_assert_eq(clock, CLOCK_REALTIME);
}

Test(cond, condattr_setpshared_round_trips_and_rejects_others)
{
	pthread_condattr_t a;
	int pshared = -1;
	cr_assert_eq(pthread_condattr_init(&a), 0);
	cr_assert_eq(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_condattr_getpshared(&a, &pshared), 0);
	cr_assert_eq(pshared, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_condattr_setpshared(&a, 2), EINVAL);
	cr_assert_eq(pthread_condattr_getpshared(&a, &pshared), 0);
	cr_assert_eq(pshared, PTHREAD_PROCESS_SHARED);
}

Test(cond, condattr_clock_and_pshared_are_independent)
{
	pthread_condattr_t a;
	clockid_t clock = -1;
	int pshared = -1;
	cr_assert_eq(pthread_condattr_init(&a), 0);
	cr_assert_eq(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	cr_assert_eq(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_condattr_getclock(&a, &clock), 0);
	cr_assert_eq(pthread_condattr_getpshared(&a, &pshared), 0);
	cr_assert_eq(clock, CLOCK_MONOTONIC);
	cr_assert_eq(pshared, PTHREAD_PROCESS_SHARED);
}

static void make_monotonic(pthread_cond_t *c)
{
	pthread_condattr_t a;
	cr_assert_eq(pthread_condattr_init(&a), 0);
	cr_assert_eq(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	cr_assert_eq(pthread_cond_init(c, &a), 0);
	cr_assert_eq(pthread_condattr_destroy(&a), 0);
}

/* A monotonic deadline 50 ms ahead is decades in the past on the
 * realtime clock: read as realtime it would time out at once.  The wait
 * must time out, and not before the monotonic clock reached it. */
Test(cond, condattr_monotonic_clock_governs_timedwait)
{
	pthread_cond_t c;
	make_monotonic(&c);
	struct timespec d = ts_after(CLOCK_MONOTONIC, 50);
	timed_wait_times_out(&c, CLOCK_MONOTONIC, 0, d);
	cr_assert(ts_reached(CLOCK_MONOTONIC, &d),
		  "timed out before the monotonic deadline: read as realtime?");
}

/* An explicit clock overrides the condattr's. */
Test(cond, clockwait_realtime_on_monotonic_cond_uses_realtime)
{
	pthread_cond_t c;
	make_monotonic(&c);
	struct timespec d = ts_after(CLOCK_REALTIME, 50);
	timed_wait_times_out(&c, CLOCK_REALTIME, 1, d);
	cr_assert(ts_reached(CLOCK_REALTIME, &d));
}

/* A timed wait on a monotonic condvar is woken by a signal before its
 * deadline, and says so (0, not ETIMEDOUT). */
struct timed_sleeper {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int flag; /* under m */
	int rc;
	pid_t tid;
	sem_t started;
};

static void *timed_sleeper_main(void *p)
{
	struct timed_sleeper *x = p;
	pthread_mutex_lock(x->m);
	x->tid = gettid();
	sem_post(&x->started);
	struct timespec d = ts_after(CLOCK_MONOTONIC, UNIT_PATIENCE_MS);
	while (!x->flag && x->rc == 0)
		x->rc = pthread_cond_timedwait(x->c, x->m, &d);
	pthread_mutex_unlock(x->m);
	return 0;
}

Test(cond, monotonic_cond_timedwait_is_woken_by_signal)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c;
	make_monotonic(&c);
	struct timed_sleeper x = { .m = &m, .c = &c };
	sem_init(&x.started, 0, 0);
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, timed_sleeper_main, &x), 0);
	cr_assert_eq(sem_wait_patiently(&x.started), 0);
	cr_assert(all_sleep_on(&x.tid, 1, &c), "the waiter never slept");
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	x.flag = 1;
	cr_assert_eq(pthread_cond_signal(&c), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(x.rc, 0, "the woken timed wait returned %d", x.rc);
}

/* --------------------------------------------------- the mutex hand-off */

struct wait_call {
	pthread_mutex_t *m;
	pthread_cond_t *c;
};

static int call_cond_wait(void *p)
{
	struct wait_call *w = p;
	return pthread_cond_wait(w->c, w->m);
}

static int call_cond_timedwait_soon(void *p)
{
	struct wait_call *w = p;
	struct timespec d = ts_after(CLOCK_REALTIME, 2000);
	return pthread_cond_timedwait(w->c, w->m, &d);
}

Test(cond, wait_with_unlocked_errorcheck_mutex_gives_eperm)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct wait_call w = { &m, &c };
	cr_assert_eq(call_cond_wait(&w), EPERM);
	cr_assert_eq(call_cond_timedwait_soon(&w), EPERM);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM, "the wait locked it");
	cr_assert_eq(pthread_cond_destroy(&c), 0,
		     "the refused wait left a waiter count behind");
}

Test(cond, wait_with_errorcheck_mutex_of_other_thread_gives_eperm)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	struct wait_call w = { &m, &c };
	cr_assert_eq(call_cond_wait(&w), EPERM);
	cr_assert_eq(call_cond_timedwait_soon(&w), EPERM);
	cr_assert_eq(holder_finish(&h), 0, "the refused wait released the mutex");
	cr_assert_eq(pthread_cond_destroy(&c), 0);
}

Test(cond, wait_with_unowned_recursive_mutex_gives_eperm)
{
	pthread_mutex_t m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct wait_call w = { &m, &c };
	cr_assert_eq(call_cond_wait(&w), EPERM);
	struct holder h;
	holder_start(&h, call_mutex_lock, call_mutex_unlock, &m);
	cr_assert_eq(call_cond_wait(&w), EPERM);
	cr_assert_eq(holder_finish(&h), 0);
}

Test(cond, wait_with_unowned_robust_or_pi_mutex_gives_eperm)
{
	pthread_mutex_t r, pi;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	mutex_make(&r, PTHREAD_MUTEX_NORMAL, 1, NO_PROTOCOL);
	mutex_make(&pi, PTHREAD_MUTEX_NORMAL, 0, PTHREAD_PRIO_INHERIT);
	struct wait_call w = { &r, &c };
	cr_assert_eq(call_cond_wait(&w), EPERM);
	w.m = &pi;
	cr_assert_eq(call_cond_wait(&w), EPERM);
	cr_assert_eq(pthread_cond_destroy(&c), 0);
}

/* A recursive mutex locked twice is released completely for the wait
 * (another thread can take it) and comes back two levels deep. */
struct deep_waiter {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting, flag; /* under m */
	int wait_rc, unlock_rc[3];
};

static void *deep_waiter_main(void *p)
{
	struct deep_waiter *w = p;
	pthread_mutex_lock(w->m);
	pthread_mutex_lock(w->m);
	w->waiting = 1;
	while (!w->flag && w->wait_rc == 0)
		w->wait_rc = pthread_cond_wait(w->c, w->m);
	for (int i = 0; i < 3; i++)
		w->unlock_rc[i] = pthread_mutex_unlock(w->m);
	return 0;
}

static int deep_waiter_waiting(void *p)
{
	struct deep_waiter *w = p;
	struct timespec d = ts_after(CLOCK_REALTIME, UNIT_PATIENCE_MS);
	if (pthread_mutex_timedlock(w->m, &d) != 0)
		return 0;
	int r = w->waiting;
	pthread_mutex_unlock(w->m);
	return r;
}

Test(cond, wait_with_recursive_mutex_locked_twice_releases_fully_and_restores_depth)
{
	pthread_mutex_t m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct deep_waiter w = { .m = &m, .c = &c };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, deep_waiter_main, &w), 0);
	cr_assert(eventually(deep_waiter_waiting, &w),
		  "could not take the mutex while its owner waited");
	struct timespec d = ts_after(CLOCK_REALTIME, UNIT_PATIENCE_MS);
	cr_assert_eq(pthread_mutex_timedlock(&m, &d), 0);
	w.flag = 1;
	cr_assert_eq(pthread_cond_signal(&c), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.wait_rc, 0);
	cr_assert_eq(w.unlock_rc[0], 0);
	cr_assert_eq(w.unlock_rc[1], 0, "the depth was not restored");
	cr_assert_eq(w.unlock_rc[2], EPERM, "the depth grew");
}

/* A waiter whose robust mutex's owner died meanwhile gets EOWNERDEAD
 * from the wait, and owns the mutex:
 *   1. W waits on C with robust M;
 *   2. O locks M, sets the flag and signals C;
 *   3. W wakes and sleeps on M, which O holds;
 *   4. O exits holding M;
 *   5. W's wait returns EOWNERDEAD. */
struct orphan {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting, flag;
	int wait_rc;
	int consistent_rc, unlock_rc;
	int saw_sleeper;
	pid_t waiter_tid; /* under m */
};

static void *orphan_waiter(void *p)
{
	struct orphan *o = p;
	pthread_mutex_lock(o->m);
	o->waiter_tid = gettid();
	o->waiting = 1;
	while (!o->flag && o->wait_rc == 0)
		o->wait_rc = pthread_cond_wait(o->c, o->m);
	if (o->wait_rc == EOWNERDEAD)
		o->consistent_rc = pthread_mutex_consistent(o->m);
	o->unlock_rc = pthread_mutex_unlock(o->m);
	return 0;
}

static void *orphaning_signaller(void *p)
{
	struct orphan *o = p;
	pthread_mutex_lock(o->m);
	o->flag = 1;
	pthread_cond_signal(o->c);
	o->saw_sleeper = all_sleep_on(&o->waiter_tid, 1, o->m);
	return 0; /* exits holding m */
}

static int orphan_waiting(void *p)
{
	struct orphan *o = p;
	pthread_mutex_lock(o->m);
	int r = o->waiting;
	pthread_mutex_unlock(o->m);
	return r;
}

Test(cond, wait_returns_eownerdead_when_the_mutex_owner_died)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	mutex_make(&m, PTHREAD_MUTEX_NORMAL, 1, NO_PROTOCOL);
	struct orphan o = { .m = &m, .c = &c };
	pthread_t w, s;
	cr_assert_eq(pthread_create(&w, 0, orphan_waiter, &o), 0);
	cr_assert(eventually(orphan_waiting, &o));
	cr_assert_eq(pthread_create(&s, 0, orphaning_signaller, &o), 0);
	cr_assert_eq(pthread_join(s, 0), 0);
	cr_assert(o.saw_sleeper, "the waiter never slept on the mutex");
	cr_assert_eq(join_patiently(w, 0), 0,
		     "the waiter never returned: the owner's death did not "
		     "wake it as it took the mutex back (word %#x)",
		     word_at(&m, 0));
	cr_assert_eq(o.wait_rc, EOWNERDEAD);
	cr_assert_eq(o.consistent_rc, 0);
	cr_assert_eq(o.unlock_rc, 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}

/* --------------------------------------------------------- cancellation */

/* A thread cancelled inside pthread_cond_wait runs its cleanup handlers
 * with the mutex held (POSIX); here the handler unlocks it. */
struct cancellee {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting; /* under m */
	pid_t tid;   /* under m */
	int flag;
	atomic_int cleanup_ran;
	atomic_int cleanup_unlock_rc;
};

static void cancellee_cleanup(void *p)
{
	struct cancellee *x = p;
	atomic_store(&x->cleanup_unlock_rc, pthread_mutex_unlock(x->m));
	atomic_store(&x->cleanup_ran, 1);
}

static void *cancellee_main(void *p)
{
	struct cancellee *x = p;
	pthread_mutex_lock(x->m);
	pthread_cleanup_push(cancellee_cleanup, x);
	x->tid = gettid();
	x->waiting = 1;
	while (!x->flag)
		pthread_cond_wait(x->c, x->m);
	pthread_cleanup_pop(0);
	pthread_mutex_unlock(x->m);
	return 0;
}

static int cancellee_waiting(void *p)
{
	struct cancellee *x = p;
	pthread_mutex_lock(x->m);
	int r = x->waiting;
	pthread_mutex_unlock(x->m);
	return r;
}

static void cancel_waiter(int main_holds_mutex)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct cancellee x = { .m = &m, .c = &c };
	atomic_init(&x.cleanup_unlock_rc, -1);
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, cancellee_main, &x), 0);
	cr_assert(eventually(cancellee_waiting, &x));
	cr_assert(all_sleep_on(&x.tid, 1, &c), "the waiter never slept");
	if (main_holds_mutex)
		cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_cancel(t), 0);
	if (main_holds_mutex) {
		/* The cancelled thread needs the mutex before its handler
		 * may run. */
		for (int i = 0; i < 50; i++)
			sched_yield();
		cr_assert_eq(atomic_load(&x.cleanup_ran), 0,
			     "cleanup ran while main held the mutex");
		cr_assert_eq(pthread_mutex_unlock(&m), 0);
	}
	void *ret = 0;
	cr_assert_eq(pthread_join(t, &ret), 0);
	cr_assert_eq(ret, PTHREAD_CANCELED, "the thread was not cancelled");
	cr_assert_eq(atomic_load(&x.cleanup_ran), 1);
	cr_assert_eq(atomic_load(&x.cleanup_unlock_rc), 0,
		     "cleanup ran without the mutex held (unlock gave %d)",
		     atomic_load(&x.cleanup_unlock_rc));
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_cond_destroy(&c), 0,
		     "the cancelled waiter is still counted");
}

Test(cond, cancelled_waiter_runs_cleanup_with_mutex_held)
{
	cancel_waiter(0);
}

Test(cond, cancelled_waiter_takes_mutex_back_before_cleanup)
{
	cancel_waiter(1);
}

/* A waiter cancelled while a signal is directed at it must not consume
 * that signal when another thread is blocked (POSIX).  Each round:
 *   1. A, then B wait for a token on C (A is first in line);
 *   2. main, holding M, adds one token, signals C and cancels A;
 *   3. either A was cancelled and B takes the token, or A took it
 *      before the cancel could act; in no case may the token sit there
 *      while B sleeps. */
struct duel {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting, tokens, consumed; /* under m */
	pid_t tid[2];		       /* under m */
};

static void duel_cleanup(void *p)
{
	struct duel *d = p;
	pthread_mutex_unlock(d->m);
}

static void *duel_waiter(void *p)
{
	struct duel *d = p;
	pthread_mutex_lock(d->m);
	pthread_cleanup_push(duel_cleanup, d);
	d->tid[d->waiting++] = gettid();
	while (d->tokens == 0)
		pthread_cond_wait(d->c, d->m);
	d->tokens--;
	d->consumed++;
	pthread_cleanup_pop(1);
	return 0;
}

struct duel_query {
	struct duel *d;
	int waiting, consumed;
};

static int duel_state_is(void *p)
{
	struct duel_query *q = p;
	pthread_mutex_lock(q->d->m);
	int r = (q->waiting < 0 || q->d->waiting == q->waiting) &&
		(q->consumed < 0 || q->d->consumed == q->consumed);
	pthread_mutex_unlock(q->d->m);
	return r;
}

Test(cond, cancelled_waiter_does_not_consume_a_signal_meant_for_others)
{
	int cancelled_rounds = 0;
	for (int round = 0; round < 200; round++) {
		pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
		pthread_cond_t c = PTHREAD_COND_INITIALIZER;
		struct duel d = { .m = &m, .c = &c };
		pthread_t a, b;
		cr_assert_eq(pthread_create(&a, 0, duel_waiter, &d), 0);
		struct duel_query q1 = { &d, 1, -1 };
		cr_assert(eventually(duel_state_is, &q1));
		cr_assert_eq(pthread_create(&b, 0, duel_waiter, &d), 0);
		struct duel_query q2 = { &d, 2, -1 };
		cr_assert(eventually(duel_state_is, &q2));
		cr_assert(all_sleep_on(d.tid, 2, &c), "round %d: not asleep", round);

		cr_assert_eq(pthread_mutex_lock(&m), 0);
		d.tokens = 1;
		cr_assert_eq(pthread_cond_signal(&c), 0);
		cr_assert_eq(pthread_cancel(a), 0);
		cr_assert_eq(pthread_mutex_unlock(&m), 0);

		void *ret = 0;
		cr_assert_eq(pthread_join(a, &ret), 0);
		struct duel_query one = { &d, -1, 1 };
		cr_assert(eventually(duel_state_is, &one),
			  "round %d: the token was left while B slept (A %s)",
			  round, ret == PTHREAD_CANCELED ? "cancelled" : "done");
		if (ret == PTHREAD_CANCELED) {
			cancelled_rounds++;
		} else {
			cr_assert_eq(pthread_mutex_lock(&m), 0);
			d.tokens = 1; /* B is still waiting */
			cr_assert_eq(pthread_cond_signal(&c), 0);
			cr_assert_eq(pthread_mutex_unlock(&m), 0);
		}
		cr_assert_eq(pthread_join(b, 0), 0);
		cr_assert_eq(d.tokens, 0);
		cr_assert_eq(pthread_cond_destroy(&c), 0);
	}
	cr_log_info("A was cancelled in %d of 200 rounds", cancelled_rounds);
}

/* ------------------------------------------------------------- destroy */

/* POSIX allows destroying a condvar right after a broadcast woke all its
 * waiters, before they even hold the mutex again.  Destroy must return,
 * and once it has, no waiter may write to the condvar's memory: it is
 * poisoned at once and checked after every waiter finished. */
struct leaver {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int waiting, go, done, errors; /* under m */
	pid_t tid[4];		       /* under m */
};

static void *leaver_main(void *p)
{
	struct leaver *x = p;
	pthread_mutex_lock(x->m);
	x->tid[x->waiting++] = gettid();
	while (!x->go)
		if (pthread_cond_wait(x->c, x->m))
			x->errors++;
	x->done++;
	pthread_mutex_unlock(x->m);
	return 0;
}

struct leaver_query {
	struct leaver *x;
	int n;
};

static int leavers_waiting(void *p)
{
	struct leaver_query *q = p;
	pthread_mutex_lock(q->x->m);
	int r = q->x->waiting == q->n;
	pthread_mutex_unlock(q->x->m);
	return r;
}

static void destroy_after_broadcast(int hold_mutex_while_destroying)
{
	for (int round = 0; round < 50; round++) {
		pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
		pthread_cond_t *c = malloc(sizeof *c);
		cr_assert_not_null(c);
		cr_assert_eq(pthread_cond_init(c, 0), 0);
		struct leaver x = { .m = &m, .c = c };
		pthread_t t[4];
		for (int i = 0; i < 4; i++)
			cr_assert_eq(pthread_create(&t[i], 0, leaver_main, &x), 0);
		struct leaver_query q = { &x, 4 };
		cr_assert(eventually(leavers_waiting, &q));
		/* all four asleep: the broadcast wakes one and moves the
		 * others onto the mutex */
		cr_assert(all_sleep_on(x.tid, 4, c), "round %d: not asleep", round);
		cr_assert_eq(pthread_mutex_lock(&m), 0);
		x.go = 1;
		cr_assert_eq(pthread_cond_broadcast(c), 0);
		if (!hold_mutex_while_destroying)
			cr_assert_eq(pthread_mutex_unlock(&m), 0);
		cr_assert_eq(pthread_cond_destroy(c), 0, "round %d", round);
		memset(c, 0x5a, sizeof *c);
		if (hold_mutex_while_destroying)
			cr_assert_eq(pthread_mutex_unlock(&m), 0);
		for (int i = 0; i < 4; i++)
			cr_assert_eq(pthread_join(t[i], 0), 0);
		cr_assert_eq(x.errors, 0);
		cr_assert_eq(x.done, 4);
		for (size_t i = 0; i < sizeof *c; i++)
			cr_assert_eq(((unsigned char *)c)[i], 0x5a,
				     "round %d: byte %zu of the destroyed condvar "
				     "was written",
				     round, i);
		free(c);
	}
}

Test(cond, destroy_right_after_broadcast_returns_zero)
{
	destroy_after_broadcast(0);
}

Test(cond, destroy_right_after_broadcast_with_mutex_held_returns_zero)
{
	destroy_after_broadcast(1);
}

Test(cond, destroy_of_unused_cond_returns_zero)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER, d;
	cr_assert_eq(pthread_cond_destroy(&c), 0);
	cr_assert_eq(pthread_cond_init(&d, 0), 0);
	cr_assert_eq(pthread_cond_signal(&d), 0);
	cr_assert_eq(pthread_cond_destroy(&d), 0);
}
