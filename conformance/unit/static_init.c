/* glibc's static initializers and all-zero memory.  The bytes are written
 * by the program's compiler before any call reaches fxpthread
 * (shared/GLIBC-ABI.md), so each must already behave as its type. */
#include <stdlib.h>
#include "unit.h"

TestSuite(static_init, .timeout = 30);

Test(static_init, mutex_initializer_is_a_normal_mutex)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
	check_mutex_excludes(&m, 3, 20000, 0);
	cr_assert_eq(pthread_mutex_destroy(&m), 0);
}

Test(static_init, recursive_initializer_relocks_and_counts_depth)
{
	pthread_mutex_t m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY,
		     "released one level too early");
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(mutex_probe_from_other_thread(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(static_init, errorcheck_initializer_relock_gives_edeadlk)
{
	pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

Test(static_init, adaptive_initializer_excludes_under_contention)
{
	pthread_mutex_t m = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_trylock(&m), EBUSY);
	cr_assert_eq(mutex_probe_from_other_thread(&m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	check_mutex_excludes(&m, 3, 20000, 0);
}

/* ------------------------------------------------------------- condvar */

struct flag_wait {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int flag;
	int waiting;
	int rc;
};

static void *flag_waiter(void *p)
{
	struct flag_wait *w = p;
	pthread_mutex_lock(w->m);
	w->waiting = 1;
	while (!w->flag && w->rc == 0)
		w->rc = pthread_cond_wait(w->c, w->m);
	pthread_mutex_unlock(w->m);
	return 0;
}

static int waiter_is_waiting(void *p)
{
	struct flag_wait *w = p;
	pthread_mutex_lock(w->m);
	int r = w->waiting;
	pthread_mutex_unlock(w->m);
	return r;
}

/* A waiter blocks on c with m, main sets the flag and signals. */
static void check_cond_wakes(pthread_cond_t *c, pthread_mutex_t *m)
{
	struct flag_wait w = { .m = m, .c = c };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, flag_waiter, &w), 0);
	cr_assert(eventually(waiter_is_waiting, &w));
	cr_assert_eq(pthread_mutex_lock(m), 0);
	w.flag = 1;
	cr_assert_eq(pthread_cond_signal(c), 0);
	cr_assert_eq(pthread_mutex_unlock(m), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.rc, 0);
}

Test(static_init, cond_initializer_waits_and_wakes)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	check_cond_wakes(&c, &m);
	/* The default clock is CLOCK_REALTIME: a realtime deadline in the
	 * past times out at once. */
	struct timespec past = ts_after(CLOCK_REALTIME, -1000);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_cond_timedwait(&c, &m, &past), ETIMEDOUT);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_cond_destroy(&c), 0);
}

/* -------------------------------------------------------------- rwlock */

Test(static_init, rwlock_initializer_admits_readers_and_excludes_writers)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(in_other_thread(call_trywrlock, &rw), EBUSY);
	struct holder h;
	holder_start(&h, call_rdlock, call_rw_unlock, &rw); /* second reader */
	cr_assert_eq(holder_finish(&h), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_wrlock(&rw), 0);
	cr_assert_eq(in_other_thread(call_tryrdlock, &rw), EBUSY);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_destroy(&rw), 0);
}

struct rw_waiter {
	pthread_rwlock_t *rw;
	atomic_int in;
	int rc;
};

static void *writer_thread(void *p)
{
	struct rw_waiter *w = p;
	w->rc = pthread_rwlock_wrlock(w->rw);
	atomic_store(&w->in, 1);
	if (w->rc == 0)
		pthread_rwlock_unlock(w->rw);
	return 0;
}

/* Nonzero once a new reader is turned away although only readers hold
 * the lock: the waiting writer blocks them. */
static int readers_blocked(void *p)
{
	pthread_rwlock_t *rw = p;
	int rc = pthread_rwlock_tryrdlock(rw);
	if (rc == 0)
		pthread_rwlock_unlock(rw);
	return rc == EBUSY;
}

Test(static_init, writer_nonrecursive_initializer_blocks_readers_behind_waiting_writer)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	struct holder reader;
	holder_start(&reader, call_rdlock, call_rw_unlock, &rw);

	struct rw_waiter w = { .rw = &rw };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, 0, writer_thread, &w), 0);
	cr_assert(eventually(readers_blocked, &rw),
		  "a waiting writer never blocked new readers");
	cr_assert_eq(atomic_load(&w.in), 0, "writer got in past a reader");
	struct timespec soon = ts_after(CLOCK_REALTIME, 50);
	cr_assert_eq(pthread_rwlock_timedrdlock(&rw, &soon), ETIMEDOUT);

	cr_assert_eq(holder_finish(&reader), 0);
	cr_assert_eq(pthread_join(t, 0), 0);
	cr_assert_eq(w.rc, 0);
	cr_assert_eq(pthread_rwlock_rdlock(&rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(&rw), 0);
}

/* ----------------------------------------------------------- all zero */

Test(static_init, zeroed_mutex_is_a_normal_mutex)
{
	pthread_mutex_t *m = calloc(1, sizeof *m);
	cr_assert_not_null(m);
	cr_assert_eq(pthread_mutex_lock(m), 0);
	cr_assert_eq(pthread_mutex_trylock(m), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(m), 0);
	check_mutex_excludes(m, 2, 20000, 0);
	cr_assert_eq(pthread_mutex_destroy(m), 0);
	free(m);
}

Test(static_init, zeroed_cond_is_a_default_cond)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t *c = calloc(1, sizeof *c);
	cr_assert_not_null(c);
	check_cond_wakes(c, &m);
	cr_assert_eq(pthread_cond_broadcast(c), 0);
	cr_assert_eq(pthread_cond_destroy(c), 0);
	free(c);
}

Test(static_init, zeroed_rwlock_is_a_default_rwlock)
{
	pthread_rwlock_t *rw = calloc(1, sizeof *rw);
	cr_assert_not_null(rw);
	cr_assert_eq(pthread_rwlock_rdlock(rw), 0);
	cr_assert_eq(pthread_rwlock_tryrdlock(rw), 0);
	cr_assert_eq(in_other_thread(call_trywrlock, rw), EBUSY);
	cr_assert_eq(pthread_rwlock_unlock(rw), 0);
	cr_assert_eq(pthread_rwlock_unlock(rw), 0);
	cr_assert_eq(pthread_rwlock_wrlock(rw), 0);
	cr_assert_eq(in_other_thread(call_tryrdlock, rw), EBUSY);
	cr_assert_eq(pthread_rwlock_unlock(rw), 0);
	cr_assert_eq(pthread_rwlock_destroy(rw), 0);
	free(rw);
}

Test(static_init, zeroed_spinlock_is_unlocked)
{
	pthread_spinlock_t *l = calloc(1, sizeof *l);
	cr_assert_not_null(l);
	cr_assert_eq(pthread_spin_trylock(l), 0);
	cr_assert_eq(in_other_thread(call_spin_trylock, (void *)l), EBUSY);
	cr_assert_eq(pthread_spin_unlock(l), 0);
	cr_assert_eq(pthread_spin_lock(l), 0);
	cr_assert_eq(pthread_spin_unlock(l), 0);
	free((void *)l);
}
