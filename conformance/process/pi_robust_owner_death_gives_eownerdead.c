/* A robust priority-inheritance mutex whose owner dies: the kernel marks
 * the word FUTEX_OWNER_DIED (the owner's robust list entry carries the PI
 * bit) and passes the PI state on; the next owner gets EOWNERDEAD, whether
 * it came after the death or was already asleep in FUTEX_LOCK_PI, and
 * whether the owner was a thread or a SIGKILLed process.
 *
 * For private and process-shared robust PI mutexes, ROUNDS rounds each:
 *   owner died, then lock / trylock / timedlock
 *     1. T locks m and dies.  2. main's call returns EOWNERDEAD.
 *   waiter asleep when the owner dies
 *     1. T locks m.  2. W sleeps in lock(m) (FUTEX_WAITERS, W asleep).
 *     3. T dies.  4. W returns EOWNERDEAD.
 *   condvar waiter when the owner dies
 *     1. W locks m, waits on c.  2. T locks m, signals c: W moves onto
 *        m (FUTEX_WAITERS, W asleep).  3. T dies.
 *     4. W's pthread_cond_wait returns EOWNERDEAD.
 *   killed process owner, waiter thread asleep (process-shared only)
 *     1. child C locks m.  2. parent thread W sleeps on m.
 *     3. SIGKILL C.  4. W returns EOWNERDEAD.
 */
#include "process_check.h"
#include <semaphore.h>

#define ROUNDS 100

struct ctx {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	sem_t die;
	int signal_c;
	int op; /* waiter: 0 lock, 1 cond_wait */
	volatile pid_t tid;
	volatile int ready;
	int result;
};

static void *owner(void *arg)
{
	struct ctx *x = arg;
	CHECK_OK(pthread_mutex_lock(x->m));
	if (x->signal_c)
		CHECK_OK(pthread_cond_signal(x->c));
	__atomic_store_n(&x->ready, 1, __ATOMIC_SEQ_CST);
	while (sem_wait(&x->die) != 0)
		;
	return 0; /* dies holding m */
}

static void *waiter(void *arg)
{
	struct ctx *x = arg;
	x->tid = fxp_gettid();
	if (x->op == 0) {
		__atomic_store_n(&x->ready, 1, __ATOMIC_SEQ_CST);
		x->result = pthread_mutex_lock(x->m);
	} else {
		CHECK_OK(pthread_mutex_lock(x->m));
		__atomic_store_n(&x->ready, 1, __ATOMIC_SEQ_CST);
		x->result = pthread_cond_wait(x->c, x->m);
	}
	if (x->result == EOWNERDEAD) {
		CHECK_OK(pthread_mutex_consistent(x->m));
		CHECK_OK(pthread_mutex_unlock(x->m));
	}
	return 0;
}

static void wait_flag(volatile int *f)
{
	while (!__atomic_load_n(f, __ATOMIC_SEQ_CST))
		fxp_sleep_us(50);
}

static void wait_asleep_on_m(pthread_mutex_t *m, pid_t tid)
{
	while (!(fxp_word(m) & FUTEX_WAITERS))
		fxp_sleep_us(50);
	fxp_wait_asleep(tid);
}

static void init_objects(pthread_mutex_t *m, pthread_cond_t *c, int pshared)
{
	fxp_robust_init(m, pshared, PTHREAD_PRIO_INHERIT);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, pshared));
	CHECK_OK(pthread_cond_init(c, &ca));
}

static void usable_again(pthread_mutex_t *m)
{
	CHECK_OK(pthread_mutex_lock(m));
	CHECK_OK(pthread_mutex_unlock(m));
	CHECK(fxp_word(m) == 0, "word %#x after recovery", fxp_word(m));
}

static void rounds(pthread_mutex_t *m, pthread_cond_t *c, int pshared)
{
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		pthread_t t, w;

		fxp_step("owner died, then lock/trylock/timedlock");
		init_objects(m, c, pshared);
		struct ctx o = { .m = m, .c = c };
		sem_init(&o.die, 0, 0);
		CHECK_OK(pthread_create(&t, 0, owner, &o));
		wait_flag(&o.ready);
		sem_post(&o.die);
		CHECK_OK(pthread_join(t, 0));
		CHECK(fxp_word(m) == FUTEX_OWNER_DIED, "word %#x after death",
		      fxp_word(m));
		struct timespec far = fxp_after_ms(CLOCK_REALTIME, 10000);
		int r = i % 3 == 0   ? pthread_mutex_lock(m)
			: i % 3 == 1 ? pthread_mutex_trylock(m)
				     : pthread_mutex_timedlock(m, &far);
		CHECK(r == EOWNERDEAD, "round %d: %s returned %d (%s)", i,
		      i % 3 == 0 ? "lock" : i % 3 == 1 ? "trylock" : "timedlock",
		      r, strerror(r));
		CHECK_OK(pthread_mutex_consistent(m));
		CHECK_OK(pthread_mutex_unlock(m));
		usable_again(m);
		sem_destroy(&o.die);

		fxp_step("waiter asleep in FUTEX_LOCK_PI when the owner dies");
		o = (struct ctx){ .m = m, .c = c };
		sem_init(&o.die, 0, 0);
		struct ctx x = { .m = m, .c = c, .op = 0 };
		CHECK_OK(pthread_create(&t, 0, owner, &o));
		wait_flag(&o.ready);
		CHECK_OK(pthread_create(&w, 0, waiter, &x));
		wait_flag(&x.ready);
		wait_asleep_on_m(m, x.tid);
		sem_post(&o.die);
		CHECK_OK(pthread_join(t, 0));
		CHECK_OK(pthread_join(w, 0));
		CHECK(x.result == EOWNERDEAD, "round %d: blocked waiter got "
		      "%d (%s)", i, x.result, strerror(x.result));
		usable_again(m);
		sem_destroy(&o.die);

		fxp_step("condvar waiter moved onto m when the owner dies");
		o = (struct ctx){ .m = m, .c = c, .signal_c = 1 };
		sem_init(&o.die, 0, 0);
		x = (struct ctx){ .m = m, .c = c, .op = 1 };
		CHECK_OK(pthread_create(&w, 0, waiter, &x));
		wait_flag(&x.ready);
		/* T's lock succeeds once W released m inside the wait. */
		CHECK_OK(pthread_create(&t, 0, owner, &o));
		wait_flag(&o.ready);
		wait_asleep_on_m(m, x.tid);
		sem_post(&o.die);
		CHECK_OK(pthread_join(t, 0));
		CHECK_OK(pthread_join(w, 0));
		CHECK(x.result == EOWNERDEAD, "round %d: condvar waiter got "
		      "%d (%s)", i, x.result, strerror(x.result));
		usable_again(m);
		sem_destroy(&o.die);
		CHECK_OK(pthread_cond_destroy(c));
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

static void killed_process_rounds(pthread_mutex_t *m)
{
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		fxp_robust_init(m, PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_INHERIT);
		int fd[2];
		CHECK(pipe(fd) == 0, "pipe");
		pid_t c = fxp_fork();
		if (c == 0) {
			if (pthread_mutex_lock(m))
				_exit(2);
			fxp_write_all(fd[1], "x", 1);
			for (;;)
				pause();
		}
		char b;
		fxp_read_all(fd[0], &b, 1);
		close(fd[0]);
		close(fd[1]);
		struct ctx x = { .m = m, .op = 0 };
		pthread_t w;
		CHECK_OK(pthread_create(&w, 0, waiter, &x));
		wait_flag(&x.ready);
		wait_asleep_on_m(m, x.tid);
		CHECK(kill(c, SIGKILL) == 0, "kill");
		fxp_reap_killed(c);
		CHECK_OK(pthread_join(w, 0));
		CHECK(x.result == EOWNERDEAD, "round %d: waiter got %d (%s)", i,
		      x.result, strerror(x.result));
		usable_again(m);
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

static void *shm;

static void private_case(void *unused)
{
	rounds(shm, (pthread_cond_t *)((char *)shm + 64),
	       PTHREAD_PROCESS_PRIVATE);
}

static void pshared_case(void *unused)
{
	rounds(shm, (pthread_cond_t *)((char *)shm + 64),
	       PTHREAD_PROCESS_SHARED);
}

static void killed_case(void *unused)
{
	killed_process_rounds(shm);
}

int main(void)
{
	fxp_begin("pi_robust_owner_death_gives_eownerdead", 45);
	shm = fxp_shared_alloc(4096);
	int failed = 0;
	failed += fxp_run_case("private robust PI, thread owner",
			       private_case, 0, 20);
	failed += fxp_run_case("pshared robust PI, thread owner",
			       pshared_case, 0, 20);
	failed += fxp_run_case("pshared robust PI, SIGKILLed process owner",
			       killed_case, 0, 20);
	fxp_step("summary");
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("robust PI owner death: EOWNERDEAD after the fact, to a "
		 "sleeper in FUTEX_LOCK_PI, to a condvar waiter, and after "
		 "SIGKILL; %d rounds each", ROUNDS);
	return 0;
}
