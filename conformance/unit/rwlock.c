/* Reader-writer locks (runtime/rwlock/rwlock.c, docs/rwlock.md): shared
 * reading, exclusive writing, the try/timed/clock variants and their
 * errors, the writer-preferring kind, and rwlockattr. */
#include "unit.h"

TestSuite(rwlock, .timeout = 40);

/* Fields read through the documented layout (docs/layout.md#rwlock) to
 * observe that a writer is waiting. */
#define RW_STATE_OFFSET 0
#define RW_NWWAIT_OFFSET 8

static int writer_waiting(void *rw)
{
	return word_at(rw, RW_NWWAIT_OFFSET) > 0;
}

static void make_kind(pthread_rwlock_t *rw, int kind)
{
	pthread_rwlockattr_t a;
	cr_assert_eq(pthread_rwlockattr_init(&a), 0);
	cr_assert_eq(pthread_rwlockattr_setkind_np(&a, kind), 0);
	cr_assert_eq(pthread_rwlock_init(rw, &a), 0);
	cr_assert_eq(pthread_rwlockattr_destroy(&a), 0);
}

/* ------------------------------------------------------------- sharing */

struct meet {
	pthread_rwlock_t *rw;
	pthread_barrier_t *b;
	int lock_rc, barrier_rc, unlock_rc;
	atomic_int tid;
};

/* Read-lock, then wait at a barrier inside the read section: the
 * barrier opens only if all readers are inside at the same time. */
static void *reader_meets(void *p)
{
	struct meet *x = p;
	atomic_store(&x->tid, gettid());
	x->lock_rc = pthread_rwlock_rdlock(x->rw);
	x->barrier_rc = pthread_barrier_wait(x->b);
	x->unlock_rc = pthread_rwlock_unlock(x->rw);
	return 0;
}

static void readers_meet_inside(pthread_rwlock_t *rw, int n)
{
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, (unsigned)n), 0);
	struct meet x[8];
	pthread_t t[8];
	for (int i = 0; i < n; i++) {
		x[i] = (struct meet){ .rw = rw, .b = &b, .tid = 0 };
		cr_assert_eq(pthread_create(&t[i], 0, reader_meets, &x[i]), 0);
	}
	int serial = 0;
	for (int i = 0; i < n; i++) {
		cr_assert_eq(pthread_join(t[i], 0), 0);
		cr_assert_eq(x[i].lock_rc, 0);
		cr_assert_eq(x[i].unlock_rc, 0);
		cr_assert(x[i].barrier_rc == 0 ||
			  x[i].barrier_rc == PTHREAD_BARRIER_SERIAL_THREAD);
		serial += x[i].barrier_rc == PTHREAD_BARRIER_SERIAL_THREAD;
	}
	cr_assert_eq(serial, 1);
	cr_assert_eq(pthread_barrier_destroy(&b), 0);
}

Test(rwlock, two_readers_are_inside_at_once)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	readers_meet_inside(&rw, 2);
	readers_meet_inside(&rw, 4);
}

Test(rwlock, writer_nonrecursive_readers_are_inside_at_once)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	readers_meet_inside(&rw, 3);
}

static int tid_known(void *p)
{
	return atomic_load(&((struct meet *)p)->tid) != 0;
}

/* Readers blocked behind a writer all get in together when it leaves. */
Test(rwlock, writer_unlock_lets_every_waiting_reader_in)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	pthread_barrier_t b;
	cr_assert_eq(pthread_barrier_init(&b, 0, 3), 0);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	struct meet x[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		x[i] = (struct meet){ .rw = &rw, .b = &b, .tid = 0 };
		cr_assert_eq(pthread_create(&t[i], 0, reader_meets, &x[i]), 0);
	}
	pid_t tids[3];
	for (int i = 0; i < 3; i++) {
		cr_assert(eventually(tid_known, &x[i]));
		tids[i] = atomic_load(&x[i].tid);
	}
	cr_assert(all_sleep_on(tids, 3, &rw), "the readers never all slept");
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(pthread_join(t[i], 0), 0);
		cr_assert_eq(x[i].lock_rc, 0);
		cr_assert_eq(x[i].unlock_rc, 0);
	}
}

/* ------------------------------------------------------------ exclusion */

struct rwmix {
	pthread_rwlock_t *rw;
	long iters;
	int timed; /* use try/timed variants too */
	long a, b; /* written together by writers */
	atomic_int readers_in, writers_in;
	atomic_int violations, torn_reads, errors;
	atomic_long reads, writes, timeouts, busy;
};

static int rw_acquire(struct rwmix *x, int write, long i)
{
	if (!x->timed)
		return write ? pthread_rwlock_wrlock(x->rw)
			     : pthread_rwlock_rdlock(x->rw);
	struct timespec d = ts_after(CLOCK_MONOTONIC, i % 2);
	int rc;
	switch (i % 3) {
	case 0:
		rc = write ? pthread_rwlock_trywrlock(x->rw)
			   : pthread_rwlock_tryrdlock(x->rw);
		break;
	case 1:
		rc = write ? pthread_rwlock_clockwrlock(x->rw, CLOCK_MONOTONIC, &d)
			   : pthread_rwlock_clockrdlock(x->rw, CLOCK_MONOTONIC, &d);
		break;
	default:
		rc = write ? pthread_rwlock_wrlock(x->rw)
			   : pthread_rwlock_rdlock(x->rw);
	}
	return rc;
}

static void *rw_writer(void *p)
{
	struct rwmix *x = p;
	for (long i = 0; i < x->iters; i++) {
		int rc = rw_acquire(x, 1, i);
		if (rc == EBUSY || rc == ETIMEDOUT) {
			atomic_fetch_add(rc == EBUSY ? &x->busy : &x->timeouts, 1);
			continue;
		}
		if (rc) {
			atomic_fetch_add(&x->errors, 1);
			continue;
		}
		if (atomic_fetch_add(&x->writers_in, 1) != 0 ||
		    atomic_load(&x->readers_in) != 0)
			atomic_fetch_add(&x->violations, 1);
		x->a++;
		__asm__ __volatile__("" ::: "memory");
		x->b++;
		atomic_fetch_add(&x->writes, 1);
		atomic_fetch_sub(&x->writers_in, 1);
		if (pthread_rwlock_unlock(x->rw))
			atomic_fetch_add(&x->errors, 1);
	}
	return 0;
}

static void *rw_reader(void *p)
{
	struct rwmix *x = p;
	for (long i = 0; i < x->iters; i++) {
		int rc = rw_acquire(x, 0, i);
		if (rc == EBUSY || rc == ETIMEDOUT) {
			atomic_fetch_add(rc == EBUSY ? &x->busy : &x->timeouts, 1);
			continue;
		}
		if (rc) {
			atomic_fetch_add(&x->errors, 1);
			continue;
		}
		atomic_fetch_add(&x->readers_in, 1);
		if (atomic_load(&x->writers_in) != 0)
			atomic_fetch_add(&x->violations, 1);
		long a = *(volatile long *)&x->a;
		long b = *(volatile long *)&x->b;
		if (a != b)
			atomic_fetch_add(&x->torn_reads, 1);
		atomic_fetch_add(&x->reads, 1);
		atomic_fetch_sub(&x->readers_in, 1);
		if (pthread_rwlock_unlock(x->rw))
			atomic_fetch_add(&x->errors, 1);
	}
	return 0;
}

static void check_rw_exclusion(pthread_rwlock_t *rw, int timed)
{
	struct rwmix x = { .rw = rw, .iters = 20000, .timed = timed };
	pthread_t w[2], r[3];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&w[i], 0, rw_writer, &x), 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&r[i], 0, rw_reader, &x), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_join(w[i], 0), 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_join(r[i], 0), 0);
	cr_assert_eq(atomic_load(&x.errors), 0);
	cr_assert_eq(atomic_load(&x.violations), 0,
		     "%d entries broke exclusion", atomic_load(&x.violations));
	cr_assert_eq(atomic_load(&x.torn_reads), 0);
	long missed = atomic_load(&x.busy) + atomic_load(&x.timeouts);
	cr_assert_eq(atomic_load(&x.writes) + atomic_load(&x.reads) + missed,
		     5 * x.iters, "attempts do not add up");
	cr_assert_eq(x.a, atomic_load(&x.writes));
	cr_assert_eq(x.b, atomic_load(&x.writes));
	if (!timed)
		cr_assert_eq(missed, 0);
	cr_assert_eq(pthread_rwlock_trywrlock(rw), 0, "lock left held");
	cr_assert_eq(pthread_rwlock_unlock(rw), 0);
	cr_assert_eq(word_at(rw, RW_STATE_OFFSET), 0, "state %#x when free",
		     word_at(rw, RW_STATE_OFFSET));
}

Test(rwlock, writer_excludes_readers_and_writers_under_stress)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	check_rw_exclusion(&rw, 0);
}

Test(rwlock, writer_nonrecursive_kind_keeps_exclusion_under_stress)
{
	pthread_rwlock_t rw;
	make_kind(&rw, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	check_rw_exclusion(&rw, 0);
}

Test(rwlock, try_and_timed_variants_keep_exclusion_under_stress)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	check_rw_exclusion(&rw, 1);
}

Test(rwlock, writer_nonrecursive_try_and_timed_variants_keep_exclusion)
{
	pthread_rwlock_t rw;
	make_kind(&rw, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	check_rw_exclusion(&rw, 1);
}

Test(rwlock, process_shared_rwlock_keeps_exclusion_under_stress)
{
	pthread_rwlockattr_t a;
	pthread_rwlock_t rw;
	cr_assert_eq(pthread_rwlockattr_init(&a), 0);
	cr_assert_eq(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_rwlock_init(&rw, &a), 0);
	check_rw_exclusion(&rw, 0);
}

/* ------------------------------------------------------------- try */

Test(rwlock, tryrdlock_with_writer_gives_ebusy)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct holder h;
	holder_start(&h, call_wrlock, call_rw_unlock, &rw);
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

Test(rwlock, trywrlock_with_reader_gives_ebusy)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct holder h;
	holder_start(&h, call_rdlock, call_rw_unlock, &rw);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

Test(rwlock, trywrlock_with_writer_gives_ebusy)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct holder h;
	holder_start(&h, call_wrlock, call_rw_unlock, &rw);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
}

Test(rwlock, try_variants_by_the_writer_give_ebusy)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), EBUSY);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), EBUSY);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* ------------------------------------------------------------ deadlines */

enum op { RD_TIMED, WR_TIMED, RD_CLOCK, WR_CLOCK };

static int timed_op(pthread_rwlock_t *rw, enum op op, clockid_t clock,
		    const struct timespec *d)
{
	switch (op) {
	case RD_TIMED: return pthread_rwlock_timedrdlock(rw, d);
	case WR_TIMED: return pthread_rwlock_timedwrlock(rw, d);
	case RD_CLOCK: return pthread_rwlock_clockrdlock(rw, clock, d);
	case WR_CLOCK: return pthread_rwlock_clockwrlock(rw, clock, d);
	}
	return -1;
}

/* The holder (a writer, or a reader for write attempts) keeps the lock
 * for at most 2 s, so an attempt that ignores its deadline gets 0. */
static void held_gives(enum op op, clockid_t clock, struct timespec d,
		       int holder_writes, int expected)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct holder h;
	holder_start_patience(&h, holder_writes ? call_wrlock : call_rdlock,
			      call_rw_unlock, &rw, 2000);
	int rc = timed_op(&rw, op, clock, &d);
	int holder_unlock = holder_finish(&h);
	if (rc == 0)
		pthread_rwlock_unlock(&rw);
	cr_assert_eq(rc, expected, "op %d: got %d, expected %d", op, rc,
		     expected);
	cr_assert_eq(holder_unlock, 0);
}

Test(rwlock, timedrdlock_with_writer_times_out)
{
	held_gives(RD_TIMED, CLOCK_REALTIME, ts_after(CLOCK_REALTIME, 50), 1,
		   ETIMEDOUT);
}

Test(rwlock, timedwrlock_with_reader_times_out)
{
	held_gives(WR_TIMED, CLOCK_REALTIME, ts_after(CLOCK_REALTIME, 50), 0,
		   ETIMEDOUT);
}

Test(rwlock, timedwrlock_with_writer_times_out)
{
	held_gives(WR_TIMED, CLOCK_REALTIME, ts_after(CLOCK_REALTIME, 50), 1,
		   ETIMEDOUT);
}

Test(rwlock, clockrdlock_monotonic_with_writer_times_out_on_that_clock)
{
	struct timespec d = ts_after(CLOCK_MONOTONIC, 50);
	held_gives(RD_CLOCK, CLOCK_MONOTONIC, d, 1, ETIMEDOUT);
	cr_assert(ts_reached(CLOCK_MONOTONIC, &d));
}

Test(rwlock, clockwrlock_monotonic_with_reader_times_out_on_that_clock)
{
	struct timespec d = ts_after(CLOCK_MONOTONIC, 50);
	held_gives(WR_CLOCK, CLOCK_MONOTONIC, d, 0, ETIMEDOUT);
	cr_assert(ts_reached(CLOCK_MONOTONIC, &d));
}

Test(rwlock, clockrdlock_and_clockwrlock_realtime_time_out)
{
	held_gives(RD_CLOCK, CLOCK_REALTIME, ts_after(CLOCK_REALTIME, 30), 1,
		   ETIMEDOUT);
	held_gives(WR_CLOCK, CLOCK_REALTIME, ts_after(CLOCK_REALTIME, 30), 1,
		   ETIMEDOUT);
}

Test(rwlock, past_and_negative_deadlines_on_held_lock_time_out)
{
	struct timespec past = { .tv_sec = 1 }, negative = { .tv_sec = -1 };
	held_gives(RD_TIMED, CLOCK_REALTIME, past, 1, ETIMEDOUT);
	held_gives(WR_TIMED, CLOCK_REALTIME, past, 0, ETIMEDOUT);
	held_gives(RD_TIMED, CLOCK_REALTIME, negative, 1, ETIMEDOUT);
	held_gives(WR_TIMED, CLOCK_REALTIME, negative, 0, ETIMEDOUT);
	held_gives(RD_CLOCK, CLOCK_MONOTONIC, negative, 1, ETIMEDOUT);
	held_gives(WR_CLOCK, CLOCK_MONOTONIC, negative, 1, ETIMEDOUT);
}

Test(rwlock, bad_nsec_on_held_lock_gives_einval)
{
	struct timespec big = ts_after(CLOCK_REALTIME, 1000);
	struct timespec neg = big;
	big.tv_nsec = 1000000000L;
	neg.tv_nsec = -1;
	held_gives(RD_TIMED, CLOCK_REALTIME, big, 1, EINVAL);
	held_gives(WR_TIMED, CLOCK_REALTIME, big, 0, EINVAL);
	held_gives(RD_TIMED, CLOCK_REALTIME, neg, 1, EINVAL);
	held_gives(WR_TIMED, CLOCK_REALTIME, neg, 1, EINVAL);
	held_gives(RD_CLOCK, CLOCK_MONOTONIC, big, 1, EINVAL);
	held_gives(WR_CLOCK, CLOCK_MONOTONIC, big, 0, EINVAL);
}

Test(rwlock, cpu_clock_gives_einval)
{
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	held_gives(RD_CLOCK, CLOCK_PROCESS_CPUTIME_ID, d, 1, EINVAL);
	held_gives(WR_CLOCK, CLOCK_PROCESS_CPUTIME_ID, d, 0, EINVAL);
	/* refused even when the lock is free (as glibc) */
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	cr_assert_eq(pthread_rwlock_clockrdlock(&rw, CLOCK_THREAD_CPUTIME_ID, &d),
		     EINVAL);
	cr_assert_eq(pthread_rwlock_clockwrlock(&rw, CLOCK_THREAD_CPUTIME_ID, &d),
		     EINVAL);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), 0, "a refused call locked it");
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* POSIX: no timeout when the lock can be taken at once. */
Test(rwlock, past_deadline_on_free_lock_succeeds)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec past = { .tv_sec = 1 }, negative = { .tv_sec = -1 };
	cr_assert_eq(pthread_rwlock_timedrdlock(&rw, &past), 0);
	cr_assert_eq(pthread_rwlock_timedrdlock(&rw, &negative), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_timedwrlock(&rw, &past), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &negative), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* docs/rwlock.md: the deadline is checked only when the lock is not
 * immediately available (POSIX allows either); pinned here. */
Test(rwlock, bad_nsec_on_free_lock_succeeds)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec bad = { .tv_sec = 1, .tv_nsec = 1000000000L };
	cr_assert_eq(pthread_rwlock_timedrdlock(&rw, &bad), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_timedwrlock(&rw, &bad), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* ---------------------------------------------------------- deadlock */

Test(rwlock, wrlock_by_the_writer_gives_edeadlk)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), EDEADLK);
	cr_assert_eq(pthread_rwlock_timedwrlock(&rw, &d), EDEADLK);
	cr_assert_eq(pthread_rwlock_clockwrlock(&rw, CLOCK_REALTIME, &d), EDEADLK);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), EPERM);
}

Test(rwlock, rdlock_by_the_writer_gives_edeadlk)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), EDEADLK);
	cr_assert_eq(pthread_rwlock_timedrdlock(&rw, &d), EDEADLK);
	cr_assert_eq(pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &d), EDEADLK);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), EPERM);
}

Test(rwlock, writer_nonrecursive_wrlock_by_the_writer_gives_edeadlk)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), EDEADLK);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), EDEADLK);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* ------------------------------------------------------------- unlock */

Test(rwlock, unlock_of_free_rwlock_gives_eperm)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	cr_assert_eq(pthread_rwlock_unlock(&rw), EPERM);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), EPERM);
}

Test(rwlock, unlock_of_a_write_lock_by_another_thread_gives_eperm)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct holder h;
	holder_start(&h, call_wrlock, call_rw_unlock, &rw);
	cr_assert_eq(pthread_rwlock_unlock(&rw), EPERM);
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), EBUSY,
		     "a non-owner's unlock released the write lock");
	cr_assert_eq(holder_finish(&h), 0);
}

Test(rwlock, destroy_of_held_rwlock_gives_ebusy)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_destroy(&rw), EBUSY);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_destroy(&rw), EBUSY);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_destroy(&rw), 0);
}

/* fxpthread marks a destroyed rwlock so that later use fails instead of
 * working by accident, until it is initialized again. */
Test(rwlock, use_after_destroy_gives_einval_until_init)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec d = ts_after(CLOCK_REALTIME, 1000);
	cr_assert_eq(pthread_rwlock_destroy(&rw), 0);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), EINVAL);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), EINVAL);
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), EINVAL);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), EINVAL);
	cr_assert_eq(pthread_rwlock_timedrdlock(&rw, &d), EINVAL);
	cr_assert_eq(pthread_rwlock_timedwrlock(&rw, &d), EINVAL);
	cr_assert_eq(pthread_rwlock_unlock(&rw), EINVAL);
	cr_assert_eq(pthread_rwlock_destroy(&rw), EINVAL);
	cr_assert_eq(pthread_rwlock_init(&rw, 0), 0);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_destroy(&rw), 0);
}

/* 2^28 - 1 readers cannot be reached by locking, so the count in the
 * state word (docs/rwlock.md#words: bits 0-27) is set at the limit
 * directly. */
Test(rwlock, rdlock_at_reader_limit_gives_eagain)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	uint32_t *state = (uint32_t *)((char *)&rw + RW_STATE_OFFSET);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(*state, 1, "layout changed: reader count not at offset 0");
	*state = 0x0fffffffu - 1;
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), EAGAIN);
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), EAGAIN);
	cr_assert_eq(*state, 0x0fffffffu);
	*state = 1;
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_trywrlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* ------------------------------------------------------ kinds, waiting */

struct waiting_writer {
	pthread_rwlock_t *rw;
	int rc, unlock_rc;
};

static void *waiting_writer_main(void *p)
{
	struct waiting_writer *w = p;
	w->rc = pthread_rwlock_wrlock(w->rw);
	w->unlock_rc = w->rc ? -1 : pthread_rwlock_unlock(w->rw);
	return 0;
}

/* Main holds a read lock while a writer waits; a second read lock by
 * main either succeeds (reader-preferring kinds, so recursive reading
 * works) or blocks (writer-nonrecursive). */
static void read_relock_while_writer_waits(pthread_rwlock_t *rw,
					   int expect_in)
{
	cr_assert_eq(pthread_rwlock_rdlock(rw), 0);
	struct waiting_writer w = { .rw = rw, .rc = -1 };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, waiting_writer_main, &w), 0);
	cr_assert(eventually(writer_waiting, rw), "the writer never waited");
	struct timespec d = ts_after(CLOCK_REALTIME,
				     expect_in ? UNIT_PATIENCE_MS : 50);
	int rc = pthread_rwlock_timedrdlock(rw, &d);
	cr_assert_eq(rc, expect_in ? 0 : ETIMEDOUT);
	if (rc == 0)
		cr_assert_eq(pthread_rwlock_unlock(rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(rw), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.rc, 0);
	cr_assert_eq(w.unlock_rc, 0);
}

Test(rwlock, default_kind_lets_a_reader_relock_while_a_writer_waits)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	read_relock_while_writer_waits(&rw, 1);
}

Test(rwlock, prefer_writer_np_kind_lets_a_reader_relock_while_a_writer_waits)
{
	pthread_rwlock_t rw;
	make_kind(&rw, PTHREAD_RWLOCK_PREFER_WRITER_NP);
	read_relock_while_writer_waits(&rw, 1);
}

Test(rwlock, writer_nonrecursive_waiting_writer_blocks_new_readers)
{
	pthread_rwlock_t rw;
	make_kind(&rw, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	read_relock_while_writer_waits(&rw, 0);
	/* and the same for a reader of another thread */
	struct holder h;
	holder_start(&h, call_rdlock, call_rw_unlock, &rw);
	struct waiting_writer w = { .rw = &rw, .rc = -1 };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, waiting_writer_main, &w), 0);
	cr_assert(eventually(writer_waiting, &rw));
	cr_assert_eq(pthread_rwlock_tryrdlock(&rw), EBUSY);
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.rc, 0);
}

/* A writer that gives up releases the readers it held back:
 *   1. R1 holds a read lock; W waits in timedwrlock;
 *   2. R2 asks for a read lock and is held back by W;
 *   3. W times out: R2 must get in although R1 still reads. */
struct late_reader {
	pthread_rwlock_t *rw;
	atomic_int in;
	int rc;
};

static void *late_reader_main(void *p)
{
	struct late_reader *r = p;
	r->rc = pthread_rwlock_rdlock(r->rw);
	atomic_store(&r->in, 1);
	if (r->rc == 0)
		pthread_rwlock_unlock(r->rw);
	return 0;
}

struct timed_writer {
	pthread_rwlock_t *rw;
	int rc;
};

static void *timed_writer_main(void *p)
{
	struct timed_writer *w = p;
	struct timespec d = ts_after(CLOCK_REALTIME, 300);
	w->rc = pthread_rwlock_timedwrlock(w->rw, &d);
	if (w->rc == 0)
		pthread_rwlock_unlock(w->rw);
	return 0;
}

static int late_reader_in(void *p)
{
	return atomic_load(&((struct late_reader *)p)->in);
}

Test(rwlock, writer_nonrecursive_timed_out_writer_lets_held_back_readers_in)
{
	pthread_rwlock_t rw;
	make_kind(&rw, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	struct holder r1;
	holder_start(&r1, call_rdlock, call_rw_unlock, &rw);
	struct timed_writer w = { .rw = &rw, .rc = -1 };
	pthread_t wt, rt;
	cr_assert_eq(pthread_create(&wt, 0, timed_writer_main, &w), 0);
	cr_assert(eventually(writer_waiting, &rw));
	struct late_reader r2 = { .rw = &rw, .rc = -1 };
	cr_assert_eq(pthread_create(&rt, 0, late_reader_main, &r2), 0);
	cr_assert_eq(pthread_join(wt, 0), 0);
	cr_assert_eq(w.rc, ETIMEDOUT);
	cr_assert(eventually(late_reader_in, &r2),
		  "the reader stayed blocked after the writer gave up");
	cr_assert_eq(pthread_join(rt, 0), 0);
	cr_assert_eq(r2.rc, 0);
	cr_assert_eq(holder_finish(&r1), 0);
}

/* Writer preference under a continuous stream of readers.  Readers
 * enter and leave in a loop; the main thread takes the write lock 50
 * times.  Each reader, once inside, notes whether a writer was waiting:
 * it can have slipped in just as the writer arrived, but its next
 * attempt must wait, so each writer's wait lets in at most one entry per
 * reader.  While the writer is in wrlock, reader entries are counted;
 * STREAM_CAP of them during one attempt means the writer starved, and
 * the readers stop so that the test ends. */
#define STREAM_READERS 2
#define STREAM_CAP 2000000L

struct stream {
	pthread_rwlock_t *rw;
	atomic_long entries;
	atomic_long entries_during_attempt;
	atomic_long entries_past_waiting_writer;
	atomic_int writer_trying;
	atomic_int readers_in, writer_in, overlaps, capped, errors, stop;
};

static void *stream_reader(void *p)
{
	struct stream *s = p;
	while (!atomic_load(&s->stop)) {
		if (pthread_rwlock_rdlock(s->rw)) {
			atomic_fetch_add(&s->errors, 1);
			continue;
		}
		atomic_fetch_add(&s->readers_in, 1);
		if (atomic_load(&s->writer_in))
			atomic_fetch_add(&s->overlaps, 1);
		if (writer_waiting(s->rw))
			atomic_fetch_add(&s->entries_past_waiting_writer, 1);
		atomic_fetch_add(&s->entries, 1);
		if (atomic_load(&s->writer_trying) &&
		    atomic_fetch_add(&s->entries_during_attempt, 1) >= STREAM_CAP)
			atomic_store(&s->capped, 1);
		for (int i = 0; i < 50; i++)
			__asm__ __volatile__("" ::: "memory");
		atomic_fetch_sub(&s->readers_in, 1);
		if (pthread_rwlock_unlock(s->rw))
			atomic_fetch_add(&s->errors, 1);
		if (atomic_load(&s->capped))
			break;
	}
	return 0;
}

struct flow {
	struct stream *s;
	long target;
};

/* The readers made `target` entries, or stopped at their cap. */
static int stream_reached(void *p)
{
	struct flow *f = p;
	return atomic_load(&f->s->entries) >= f->target ||
	       atomic_load(&f->s->capped);
}

Test(rwlock, writer_nonrecursive_writer_gets_in_under_a_reader_stream)
{
	pthread_rwlock_t rw;
	make_kind(&rw, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	struct stream s = { .rw = &rw };
	pthread_t t[STREAM_READERS];
	for (int i = 0; i < STREAM_READERS; i++)
		cr_assert_eq(pthread_create(&t[i], 0, stream_reader, &s), 0);
	int writes = 0;
	long most = 0;
	for (int k = 0; k < 50; k++) {
		/* let the stream run between two writes */
		struct flow f = { &s, atomic_load(&s.entries) + 200 };
		if (!eventually(stream_reached, &f) || atomic_load(&s.capped))
			break;
		atomic_store(&s.entries_during_attempt, 0);
		atomic_store(&s.writer_trying, 1);
		int rc = pthread_rwlock_wrlock(&rw);
		atomic_store(&s.writer_trying, 0);
		if (rc)
			break;
		long during = atomic_load(&s.entries_during_attempt);
		most = during > most ? during : most;
		atomic_store(&s.writer_in, 1);
		if (atomic_load(&s.readers_in))
			atomic_fetch_add(&s.overlaps, 1);
		atomic_store(&s.writer_in, 0);
		writes++;
		pthread_rwlock_unlock(&rw);
	}
	atomic_store(&s.stop, 1);
	for (int i = 0; i < STREAM_READERS; i++)
		cr_assert_eq(pthread_join(t[i], 0), 0);
	cr_assert_eq(atomic_load(&s.capped), 0,
		     "readers entered %ld times while the writer waited "
		     "(after %d writes)",
		     STREAM_CAP, writes);
	cr_assert_eq(writes, 50);
	cr_assert_eq(atomic_load(&s.errors), 0);
	cr_assert_eq(atomic_load(&s.overlaps), 0);
	long past = atomic_load(&s.entries_past_waiting_writer);
	cr_assert_leq(past, 50 * STREAM_READERS,
		      "%ld reader entries went past a waiting writer", past);
	cr_log_info("at most %ld reader entries during one wrlock call", most);
}

/* -------------------------------------------------------- rwlockattr */

Test(rwlock, rwlockattr_defaults_to_prefer_reader_and_private)
{
	pthread_rwlockattr_t a;
	int v = -1;
	cr_assert_eq(pthread_rwlockattr_init(&a), 0);
	cr_assert_eq(pthread_rwlockattr_getkind_np(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_RWLOCK_PREFER_READER_NP);
	cr_assert_eq(pthread_rwlockattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_PRIVATE);
	cr_assert_eq(pthread_rwlockattr_destroy(&a), 0);
}

Test(rwlock, rwlockattr_setkind_round_trips_and_rejects_others)
{
	pthread_rwlockattr_t a;
	static const int kinds[] = {
		PTHREAD_RWLOCK_PREFER_WRITER_NP,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
		PTHREAD_RWLOCK_PREFER_READER_NP,
	};
	int v = -1;
	cr_assert_eq(pthread_rwlockattr_init(&a), 0);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		cr_assert_eq(pthread_rwlockattr_setkind_np(&a, kinds[i]), 0);
		cr_assert_eq(pthread_rwlockattr_getkind_np(&a, &v), 0);
		cr_assert_eq(v, kinds[i]);
	}
	cr_assert_eq(pthread_rwlockattr_setkind_np(&a, 3), EINVAL);
	cr_assert_eq(pthread_rwlockattr_setkind_np(&a, -1), EINVAL);
	cr_assert_eq(pthread_rwlockattr_getkind_np(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_RWLOCK_PREFER_READER_NP, "a refused kind changed it");
}

Test(rwlock, rwlockattr_setpshared_round_trips_and_rejects_others)
{
	pthread_rwlockattr_t a;
	int v = -1;
	cr_assert_eq(pthread_rwlockattr_init(&a), 0);
	cr_assert_eq(pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP), 0);
	cr_assert_eq(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_rwlockattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_rwlockattr_setpshared(&a, 2), EINVAL);
	cr_assert_eq(pthread_rwlockattr_setpshared(&a, -1), EINVAL);
	cr_assert_eq(pthread_rwlockattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_rwlockattr_getkind_np(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
		     "setpshared changed the kind");
	cr_assert_eq(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE), 0);
	cr_assert_eq(pthread_rwlockattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_PRIVATE);
}
