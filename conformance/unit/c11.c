/* C11 <threads.h> mutexes and condition variables (interpose/c11.c).
 * mtx_t and cnd_t share their memory and code with the pthread types,
 * so the two APIs may be mixed on one object. */
#include <threads.h>
#include "unit.h"

TestSuite(c11, .timeout = 40);

static struct timespec utc_after(long ms)
{
	struct timespec t;
	cr_assert_eq(timespec_get(&t, TIME_UTC), TIME_UTC);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static int mtx_probe(void *m)
{
	int rc = mtx_trylock(m);
	if (rc == thrd_success)
		mtx_unlock(m);
	return rc;
}

static int mtx_probe_from_other_thread(mtx_t *m)
{
	return in_other_thread(mtx_probe, m);
}

Test(c11, mtx_init_accepts_the_four_standard_types)
{
	static const int types[] = { mtx_plain, mtx_timed,
				     mtx_plain | mtx_recursive,
				     mtx_timed | mtx_recursive };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		mtx_t m;
		cr_assert_eq(mtx_init(&m, types[i]), thrd_success, "type %d",
			     types[i]);
		cr_assert_eq(mtx_lock(&m), thrd_success);
		cr_assert_eq(mtx_unlock(&m), thrd_success);
		mtx_destroy(&m);
	}
}

Test(c11, mtx_init_rejects_unknown_types)
{
	mtx_t m;
	cr_assert_eq(mtx_init(&m, 4), thrd_error);
	cr_assert_eq(mtx_init(&m, 8 | mtx_plain), thrd_error);
	cr_assert_eq(mtx_init(&m, -1), thrd_error);
}

Test(c11, plain_mtx_trylock_of_held_mutex_gives_thrd_busy)
{
	mtx_t m;
	cr_assert_eq(mtx_init(&m, mtx_plain), thrd_success);
	cr_assert_eq(mtx_lock(&m), thrd_success);
	cr_assert_eq(mtx_trylock(&m), thrd_busy);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_busy);
	cr_assert_eq(mtx_unlock(&m), thrd_success);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_success);
	mtx_destroy(&m);
}

Test(c11, recursive_mtx_relocks_and_counts_depth)
{
	mtx_t m;
	cr_assert_eq(mtx_init(&m, mtx_timed | mtx_recursive), thrd_success);
	struct timespec d = utc_after(1000);
	cr_assert_eq(mtx_lock(&m), thrd_success);
	cr_assert_eq(mtx_trylock(&m), thrd_success);
	cr_assert_eq(mtx_timedlock(&m, &d), thrd_success);
	for (int depth = 3; depth > 0; depth--) {
		cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_busy,
			     "released with %d levels left", depth);
		cr_assert_eq(mtx_unlock(&m), thrd_success);
	}
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_success);
	cr_assert_eq(mtx_unlock(&m), thrd_error, "unlock of an unowned mutex");
	mtx_destroy(&m);
}

static int c11_lock(void *m) { return mtx_lock(m); }
static int c11_unlock(void *m) { return mtx_unlock(m); }

Test(c11, mtx_timedlock_of_held_mutex_gives_thrd_timedout)
{
	mtx_t m;
	cr_assert_eq(mtx_init(&m, mtx_timed), thrd_success);
	struct holder h;
	holder_start(&h, c11_lock, c11_unlock, &m);
	struct timespec d = utc_after(50);
	cr_assert_eq(mtx_timedlock(&m, &d), thrd_timedout);
	struct timespec past = { .tv_sec = 1 };
	cr_assert_eq(mtx_timedlock(&m, &past), thrd_timedout);
	cr_assert_eq(holder_finish(&h), thrd_success);
	cr_assert_eq(mtx_timedlock(&m, &past), thrd_success,
		     "a free mutex must be taken whatever the deadline");
	cr_assert_eq(mtx_unlock(&m), thrd_success);
	mtx_destroy(&m);
}

struct c11_count {
	mtx_t m;
	long counter;
	long iters;
	atomic_int errors;
};

static int c11_counter(void *p)
{
	struct c11_count *c = p;
	for (long i = 0; i < c->iters; i++) {
		if (mtx_lock(&c->m) != thrd_success) {
			atomic_fetch_add(&c->errors, 1);
			continue;
		}
		c->counter++;
		if (mtx_unlock(&c->m) != thrd_success)
			atomic_fetch_add(&c->errors, 1);
	}
	return 0;
}

Test(c11, mtx_excludes_under_contention)
{
	struct c11_count c = { .iters = 50000 };
	cr_assert_eq(mtx_init(&c.m, mtx_plain), thrd_success);
	thrd_t t[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(thrd_create(&t[i], c11_counter, &c), thrd_success);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(thrd_join(t[i], 0), thrd_success);
	cr_assert_eq(atomic_load(&c.errors), 0);
	cr_assert_eq(c.counter, 4 * c.iters);
	mtx_destroy(&c.m);
}

/* ------------------------------------------------------------- cnd_t */

struct c11_pool {
	mtx_t m;
	cnd_t c;
	int waiting, tokens, consumed, errors; /* under m */
};

static int c11_waiter(void *p)
{
	struct c11_pool *x = p;
	mtx_lock(&x->m);
	x->waiting++;
	while (x->tokens == 0)
		if (cnd_wait(&x->c, &x->m) != thrd_success)
			x->errors++;
	x->tokens--;
	x->consumed++;
	mtx_unlock(&x->m);
	return 0;
}

struct c11_query {
	struct c11_pool *x;
	int waiting, consumed;
};

static int c11_state_is(void *p)
{
	struct c11_query *q = p;
	mtx_lock(&q->x->m);
	int r = (q->waiting < 0 || q->x->waiting == q->waiting) &&
		(q->consumed < 0 || q->x->consumed == q->consumed);
	mtx_unlock(&q->x->m);
	return r;
}

static void c11_pool_init(struct c11_pool *x)
{
	memset(x, 0, sizeof *x);
	cr_assert_eq(mtx_init(&x->m, mtx_plain), thrd_success);
	cr_assert_eq(cnd_init(&x->c), thrd_success);
}

Test(c11, cnd_signal_wakes_a_waiter_each_time)
{
	struct c11_pool x;
	c11_pool_init(&x);
	thrd_t t[3];
	for (int i = 0; i < 3; i++)
		cr_assert_eq(thrd_create(&t[i], c11_waiter, &x), thrd_success);
	struct c11_query all = { &x, 3, -1 };
	cr_assert(eventually(c11_state_is, &all));
	for (int i = 1; i <= 3; i++) {
		cr_assert_eq(mtx_lock(&x.m), thrd_success);
		x.tokens++;
		cr_assert_eq(cnd_signal(&x.c), thrd_success);
		cr_assert_eq(mtx_unlock(&x.m), thrd_success);
		struct c11_query q = { &x, -1, i };
		cr_assert(eventually(c11_state_is, &q), "signal %d was lost", i);
	}
	for (int i = 0; i < 3; i++)
		cr_assert_eq(thrd_join(t[i], 0), thrd_success);
	cr_assert_eq(x.errors, 0);
	cnd_destroy(&x.c);
	mtx_destroy(&x.m);
}

Test(c11, cnd_broadcast_wakes_every_waiter)
{
	struct c11_pool x;
	c11_pool_init(&x);
	thrd_t t[5];
	for (int i = 0; i < 5; i++)
		cr_assert_eq(thrd_create(&t[i], c11_waiter, &x), thrd_success);
	struct c11_query all = { &x, 5, -1 };
	cr_assert(eventually(c11_state_is, &all));
	cr_assert_eq(mtx_lock(&x.m), thrd_success);
	x.tokens = 5;
	cr_assert_eq(cnd_broadcast(&x.c), thrd_success);
	cr_assert_eq(mtx_unlock(&x.m), thrd_success);
	struct c11_query done = { &x, -1, 5 };
	cr_assert(eventually(c11_state_is, &done), "a waiter was not woken");
	for (int i = 0; i < 5; i++)
		cr_assert_eq(thrd_join(t[i], 0), thrd_success);
	cr_assert_eq(x.errors, 0);
	cnd_destroy(&x.c);
	mtx_destroy(&x.m);
}

Test(c11, cnd_timedwait_gives_thrd_timedout_with_mutex_held)
{
	mtx_t m;
	cnd_t c;
	cr_assert_eq(mtx_init(&m, mtx_timed), thrd_success);
	cr_assert_eq(cnd_init(&c), thrd_success);
	cr_assert_eq(mtx_lock(&m), thrd_success);
	struct timespec d = utc_after(50);
	cr_assert_eq(cnd_timedwait(&c, &m, &d), thrd_timedout);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_busy,
		     "the mutex is not held after the timeout");
	struct timespec past = { .tv_sec = 1 };
	cr_assert_eq(cnd_timedwait(&c, &m, &past), thrd_timedout);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_busy);
	cr_assert_eq(mtx_unlock(&m), thrd_success);
	cnd_destroy(&c);
	mtx_destroy(&m);
}

Test(c11, cnd_timedwait_bad_nsec_gives_thrd_error)
{
	mtx_t m;
	cnd_t c;
	cr_assert_eq(mtx_init(&m, mtx_timed), thrd_success);
	cr_assert_eq(cnd_init(&c), thrd_success);
	cr_assert_eq(mtx_lock(&m), thrd_success);
	struct timespec bad = utc_after(1000);
	bad.tv_nsec = 1000000000L;
	cr_assert_eq(cnd_timedwait(&c, &m, &bad), thrd_error);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_busy);
	cr_assert_eq(mtx_unlock(&m), thrd_success);
	cnd_destroy(&c);
	mtx_destroy(&m);
}

/* ------------------------------------------------------------ mixing */

Test(c11, mtx_lock_and_pthread_mutex_unlock_mix_on_one_object)
{
	mtx_t m;
	cr_assert_eq(mtx_init(&m, mtx_plain), thrd_success);
	pthread_mutex_t *pm = (pthread_mutex_t *)&m;
	cr_assert_eq(mtx_lock(&m), thrd_success);
	cr_assert_eq(pthread_mutex_trylock(pm), EBUSY);
	cr_assert_eq(pthread_mutex_unlock(pm), 0);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_success);
	cr_assert_eq(pthread_mutex_lock(pm), 0);
	cr_assert_eq(mtx_trylock(&m), thrd_busy);
	cr_assert_eq(mtx_unlock(&m), thrd_success);
	cr_assert_eq(mutex_probe_from_other_thread(pm), 0);
	mtx_destroy(&m);
}

Test(c11, recursive_mtx_depth_is_shared_with_pthread_calls)
{
	mtx_t m;
	cr_assert_eq(mtx_init(&m, mtx_plain | mtx_recursive), thrd_success);
	pthread_mutex_t *pm = (pthread_mutex_t *)&m;
	cr_assert_eq(mtx_lock(&m), thrd_success);
	cr_assert_eq(pthread_mutex_lock(pm), 0);
	cr_assert_eq(mtx_unlock(&m), thrd_success);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_busy);
	cr_assert_eq(pthread_mutex_unlock(pm), 0);
	cr_assert_eq(mtx_probe_from_other_thread(&m), thrd_success);
	cr_assert_eq(pthread_mutex_unlock(pm), EPERM);
	mtx_destroy(&m);
}

/* A C11 waiter woken by a pthread broadcast on the same memory, with
 * the mutex taken through pthread calls. */
Test(c11, cnd_wait_is_woken_by_pthread_cond_broadcast)
{
	struct c11_pool x;
	c11_pool_init(&x);
	thrd_t t[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(thrd_create(&t[i], c11_waiter, &x), thrd_success);
	struct c11_query all = { &x, 2, -1 };
	cr_assert(eventually(c11_state_is, &all));
	cr_assert_eq(pthread_mutex_lock((pthread_mutex_t *)&x.m), 0);
	x.tokens = 2;
	cr_assert_eq(pthread_cond_broadcast((pthread_cond_t *)&x.c), 0);
	cr_assert_eq(pthread_mutex_unlock((pthread_mutex_t *)&x.m), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(thrd_join(t[i], 0), thrd_success);
	cr_assert_eq(x.consumed, 2);
	cr_assert_eq(x.errors, 0);
}
