/* Threads that die holding a robust mutex while others sleep on it.
 *
 * Each iteration, in one process:
 *
 *   1. a holder thread locks the robust mutex;
 *   2. N waiter threads call pthread_mutex_lock (or timedlock with a far
 *      deadline) and, most of the time, are let fall asleep in the kernel;
 *   3. the holder thread exits without unlocking.
 *
 * Nobody else ever touches the mutex, so only the kernel's owner-death
 * processing (it walks the dead thread's robust list, marks the word
 * FUTEX_OWNER_DIED and wakes a sleeper) can get the waiters going: a
 * waiter asleep on a futex key the kernel's wake does not match sleeps
 * forever, which is the failure this program exists to catch.
 *
 * Invariants checked, per iteration: every waiter returns (within the
 * hang bound); exactly one gets EOWNERDEAD, makes the mutex consistent
 * and unlocks, and the others get 0 in turn; a far deadline never times
 * out; the mutex is free and consistent afterwards.  Iterations rotate
 * private and process-shared, plain and priority-inheritance, normal and
 * errorcheck robust mutexes.
 *
 *   -n  waiters per death (default 4)
 */
#include "stress.h"

#define MAX_WAITERS 32

static const struct stress_mutex_kind kinds[] = {
	{ "robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE },
	{ "robust-errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE },
	{ "robust-pi", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static pthread_mutex_t *m;
static int nwaiters;
static int arrived, done, owner_dead, plain;
static int holder_locked;
static int inside;
static uint64_t iterations;

struct waiter_arg {
	int timed;
};

static void *holder(void *p)
{
	(void)p;
	CHECK_OK(pthread_mutex_lock(m));
	__atomic_store_n(&holder_locked, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < nwaiters)
		sched_yield();
	/* Let the waiters reach the kernel, mostly; sometimes die while
	 * they are still on their way there. */
	struct stress_rng r = stress_rng_for(iterations);
	if (stress_below(&r, 4))
		stress_sleep_us(1000 + (long)stress_below(&r, 3000));
	return 0; /* dies holding m */
}

static void *waiter(void *p)
{
	struct waiter_arg *a = p;
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	int e;
	if (a->timed) {
		struct timespec d = ts_after_ns(CLOCK_REALTIME, 600LL * 1000000000LL);
		e = pthread_mutex_timedlock(m, &d);
	} else {
		e = pthread_mutex_lock(m);
	}
	CHECK(e == 0 || e == EOWNERDEAD,
	      "waiter's %s returned %s", a->timed ? "timedlock" : "lock",
	      stress_errname(e));
	CHECK(__atomic_fetch_add(&inside, 1, __ATOMIC_SEQ_CST) == 0,
	      "two owners of the robust mutex");
	if (e == EOWNERDEAD) {
		__atomic_fetch_add(&owner_dead, 1, __ATOMIC_SEQ_CST);
		CHECK_OK(pthread_mutex_consistent(m));
	} else {
		__atomic_fetch_add(&plain, 1, __ATOMIC_SEQ_CST);
	}
	__atomic_fetch_sub(&inside, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_unlock(m));
	__atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void hang_report(void)
{
	stress_write_u64("iteration", iterations);
	stress_write_u64("waiters", (uint64_t)nwaiters);
	stress_write_u64("waiters done", (uint64_t)done);
	stress_write_u64("mutex word", *(volatile uint32_t *)m);
}

int main(int argc, char **argv)
{
	stress_begin(argc, argv, "robust_dead_threads_wake_every_waiter", 3.0, 4,
		     "waiters per death (max 32)");
	stress_hang_hook = hang_report;
	nwaiters = stress.n > MAX_WAITERS ? MAX_WAITERS : (int)stress.n;
	m = stress_shared_alloc(sizeof *m);
	struct stress_rng r = stress_rng_for(1);
	uint64_t deaths[NKINDS][2] = { { 0 } };
	do {
		int k = (int)(iterations % NKINDS);
		int pshared = (int)((iterations / NKINDS) % 2);
		stress_phase(pshared ? "process-shared" : "private");
		stress_mutex_init(m, &kinds[k], pshared);
		arrived = done = owner_dead = plain = holder_locked = inside = 0;

		pthread_t h, w[MAX_WAITERS];
		struct waiter_arg a[MAX_WAITERS];
		stress_thread(&h, 64 * 1024, holder, 0);
		while (!__atomic_load_n(&holder_locked, __ATOMIC_SEQ_CST))
			sched_yield();
		for (int i = 0; i < nwaiters; i++) {
			a[i].timed = stress_below(&r, 3) == 0;
			stress_thread(&w[i], 64 * 1024, waiter, &a[i]);
		}
		stress_join(h);
		for (int i = 0; i < nwaiters; i++)
			stress_join(w[i]);

		CHECK(owner_dead == 1 && plain == nwaiters - 1,
		      "%s %s mutex: %d waiters got EOWNERDEAD and %d got 0, "
		      "expected 1 and %d",
		      pshared ? "shared" : "private", kinds[k].name, owner_dead,
		      plain, nwaiters - 1);
		CHECK_OK(pthread_mutex_trylock(m));
		CHECK_OK(pthread_mutex_unlock(m));
		CHECK_OK(pthread_mutex_destroy(m));
		deaths[k][pshared]++;
		iterations++;
	} while (stress_running() || iterations < 2 * NKINDS);

	stress_pass("%llu owner deaths with %d sleepers each, every sleeper "
		    "woken: private robust %llu, errorcheck %llu, PI %llu; "
		    "shared robust %llu, errorcheck %llu, PI %llu",
		    (unsigned long long)iterations, nwaiters,
		    (unsigned long long)deaths[0][0], (unsigned long long)deaths[1][0],
		    (unsigned long long)deaths[2][0], (unsigned long long)deaths[0][1],
		    (unsigned long long)deaths[1][1], (unsigned long long)deaths[2][1]);
}
