/* The unrecoverable path of a robust mutex: the owner that got
 * EOWNERDEAD unlocks without pthread_mutex_consistent.  From then on every
 * lock attempt answers ENOTRECOVERABLE, including the attempts of threads
 * already asleep on the mutex, until the mutex is destroyed and
 * initialized again.
 *
 * For a private, a process-shared and a priority-inheritance robust
 * mutex, ROUNDS rounds of:
 *   1. W0 locks m and waits on condvar c (releasing m).
 *   2. T locks m and dies.
 *   3. main locks m: EOWNERDEAD.  main signals c: W0 wakes and sleeps on
 *      m, held by main (main sees FUTEX_WAITERS, which only W0 can have
 *      set, and W0 asleep).
 *   4. W1 (lock), W2 (timedlock, far deadline) and W3 (clocklock
 *      MONOTONIC, far deadline) call in and sleep on m.
 *   5. main unlocks without consistent: 0.
 *   6. W0's pthread_cond_wait and W1..W3 all return ENOTRECOVERABLE.
 *   7. main: lock, trylock, timedlock (far and past deadline), clocklock
 *      all return ENOTRECOVERABLE; consistent EINVAL; unlock EPERM.
 *   8. destroy: 0; init: the mutex locks and unlocks normally, and a
 *      second owner death gives EOWNERDEAD again.
 */
#include "process_check.h"

#define ROUNDS 50

struct ctx {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int op;
	volatile pid_t tid;
	volatile int calling; /* about to make the blocking call */
	int result;
};

enum { OP_COND_WAIT, OP_LOCK, OP_TIMEDLOCK, OP_CLOCKLOCK };

static void *waiter(void *arg)
{
	struct ctx *x = arg;
	x->tid = fxp_gettid();
	struct timespec far_rt = fxp_after_ms(CLOCK_REALTIME, 3600 * 1000);
	struct timespec far_mono = fxp_after_ms(CLOCK_MONOTONIC, 3600 * 1000);
	switch (x->op) {
	case OP_COND_WAIT:
		CHECK_OK(pthread_mutex_lock(x->m));
		__atomic_store_n(&x->calling, 1, __ATOMIC_SEQ_CST);
		x->result = pthread_cond_wait(x->c, x->m);
		break;
	case OP_LOCK:
		__atomic_store_n(&x->calling, 1, __ATOMIC_SEQ_CST);
		x->result = pthread_mutex_lock(x->m);
		break;
	case OP_TIMEDLOCK:
		__atomic_store_n(&x->calling, 1, __ATOMIC_SEQ_CST);
		x->result = pthread_mutex_timedlock(x->m, &far_rt);
		break;
	case OP_CLOCKLOCK:
		__atomic_store_n(&x->calling, 1, __ATOMIC_SEQ_CST);
		x->result = pthread_mutex_clocklock(x->m, CLOCK_MONOTONIC,
						    &far_mono);
		break;
	}
	return 0;
}

static void *lock_and_die(void *arg)
{
	pthread_mutex_t *m = arg;
	CHECK_OK(pthread_mutex_lock(m));
	return 0;
}

static void owner_dies(pthread_mutex_t *m)
{
	pthread_t t;
	CHECK_OK(pthread_create(&t, 0, lock_and_die, m));
	CHECK_OK(pthread_join(t, 0));
}

static void wait_calling_asleep(struct ctx *x)
{
	while (!__atomic_load_n(&x->calling, __ATOMIC_SEQ_CST) || !x->tid)
		fxp_sleep_us(50);
	fxp_wait_asleep(x->tid);
}

struct kind_arg {
	int pshared;
	int protocol;
};

static void *shm;

static void unrecoverable_rounds(void *p)
{
	struct kind_arg *k = p;
	pthread_mutex_t *m = shm;
	pthread_cond_t *c = (pthread_cond_t *)((char *)shm + 64);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, k->pshared));
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		fxp_robust_init(m, k->pshared, k->protocol);
		CHECK_OK(pthread_cond_init(c, &ca));

		fxp_step("1. W0 waits on the condvar");
		struct ctx w[4];
		pthread_t t[4];
		for (int j = 0; j < 4; j++)
			w[j] = (struct ctx){ .m = m, .c = c, .op = j };
		CHECK_OK(pthread_create(&t[0], 0, waiter, &w[0]));
		while (!__atomic_load_n(&w[0].calling, __ATOMIC_SEQ_CST))
			fxp_sleep_us(50);

		fxp_step("2. T locks m (after W0 released it) and dies");
		owner_dies(m);

		fxp_step("3. main takes m with EOWNERDEAD, wakes W0 onto m");
		CHECK_RC(pthread_mutex_lock(m), EOWNERDEAD);
		CHECK_OK(pthread_cond_signal(c));
		while (!(fxp_word(m) & FUTEX_WAITERS))
			fxp_sleep_us(50);
		fxp_wait_asleep(w[0].tid);

		fxp_step("4. W1..W3 sleep on m");
		for (int j = 1; j < 4; j++) {
			CHECK_OK(pthread_create(&t[j], 0, waiter, &w[j]));
			wait_calling_asleep(&w[j]);
		}

		fxp_step("5. main unlocks without consistent");
		CHECK_OK(pthread_mutex_unlock(m));

		fxp_step("6. every sleeper hears ENOTRECOVERABLE");
		static const char *what[] = { "cond_wait", "lock", "timedlock",
					      "clocklock" };
		for (int j = 0; j < 4; j++) {
			CHECK_OK(pthread_join(t[j], 0));
			CHECK(w[j].result == ENOTRECOVERABLE, "round %d: "
			      "blocked %s returned %d (%s), expected "
			      "ENOTRECOVERABLE", i, what[j], w[j].result,
			      strerror(w[j].result));
		}

		fxp_step("7. every later call hears ENOTRECOVERABLE");
		struct timespec far = fxp_after_ms(CLOCK_REALTIME, 3600000);
		struct timespec past = { 1, 0 };
		struct timespec mono = fxp_after_ms(CLOCK_MONOTONIC, 3600000);
		CHECK_RC(pthread_mutex_lock(m), ENOTRECOVERABLE);
		CHECK_RC(pthread_mutex_trylock(m), ENOTRECOVERABLE);
		CHECK_RC(pthread_mutex_timedlock(m, &far), ENOTRECOVERABLE);
		CHECK_RC(pthread_mutex_timedlock(m, &past), ENOTRECOVERABLE);
		CHECK_RC(pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &mono),
			 ENOTRECOVERABLE);
		CHECK_RC(pthread_mutex_consistent(m), EINVAL);
		CHECK_RC(pthread_mutex_unlock(m), EPERM);

		fxp_step("8. destroy and init make it a new mutex");
		CHECK_OK(pthread_cond_destroy(c));
		CHECK_OK(pthread_mutex_destroy(m));
		fxp_robust_init(m, k->pshared, k->protocol);
		CHECK_OK(pthread_mutex_lock(m));
		CHECK_OK(pthread_mutex_unlock(m));
		CHECK_OK(pthread_mutex_trylock(m));
		CHECK_OK(pthread_mutex_unlock(m));
		owner_dies(m);
		CHECK_RC(pthread_mutex_lock(m), EOWNERDEAD);
		CHECK_OK(pthread_mutex_consistent(m));
		CHECK_OK(pthread_mutex_unlock(m));
		CHECK_OK(pthread_mutex_lock(m));
		CHECK_OK(pthread_mutex_unlock(m));
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

int main(void)
{
	fxp_begin("robust_unlock_without_consistent_is_unrecoverable", 45);
	shm = fxp_shared_alloc(4096);
	struct kind_arg kinds[] = {
		{ PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE },
		{ PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE },
		{ PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_INHERIT },
		{ PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_INHERIT },
	};
	static const char *names[] = { "private robust", "pshared robust",
				       "private robust PI",
				       "pshared robust PI" };
	int failed = 0;
	for (int k = 0; k < 4; k++)
		failed += fxp_run_case(names[k], unrecoverable_rounds,
				       &kinds[k], 20);
	fxp_step("summary");
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("ENOTRECOVERABLE for lock, trylock, timedlock, clocklock, "
		 "blocked waiters and condvar relock; destroy+init recovers; "
		 "%d rounds per kind", ROUNDS);
	return 0;
}
