/* A process killed with SIGKILL while it holds a process-shared robust
 * mutex in MAP_SHARED memory: the kernel releases the lock (the owner
 * registered it on its robust list), and the next owner gets EOWNERDEAD.
 * No hang, and no lost lock: after every round the mutex is free and a
 * shared counter, incremented under the lock, is exact.
 *
 * Each case runs ROUNDS rounds:
 *
 *   owner killed, then lock
 *     1. child C locks m, increments the counter, tells the parent its
 *        TID through a pipe, and sleeps.
 *     2. parent checks the word holds C's TID, SIGKILLs C and reaps it.
 *     3. parent locks m: EOWNERDEAD; consistent, counter++, unlock.
 *
 *   waiter thread asleep when the owner is killed
 *     1. child C locks m and reports.
 *     2. parent thread W calls lock(m) and sleeps in the kernel (the
 *        parent sees FUTEX_WAITERS and W asleep).
 *     3. parent SIGKILLs C.  The kernel marks the word FUTEX_OWNER_DIED
 *        and wakes W.
 *     4. W gets EOWNERDEAD, makes m consistent, counter++, unlocks.
 *
 *   several waiters (two threads of the parent and one other process)
 *   asleep when the owner is killed
 *     as above; every waiter gets the lock exactly once, exactly one of
 *     them with EOWNERDEAD, the others with 0 once it has repaired m.
 */
#include "process_check.h"

#define ROUNDS 100

struct shared {
	pthread_mutex_t m;
	long counter;
	int ownerdead_seen; /* waiters that got EOWNERDEAD, this round */
	int got_lock;	    /* waiters that got the lock, this round */
};

static struct shared *sh;

/* Child: lock, count, report TID, sleep until killed. */
static pid_t spawn_owner(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0, "pipe");
	pid_t p = fxp_fork();
	if (p == 0) {
		close(fd[0]);
		int r = pthread_mutex_lock(&sh->m);
		if (r != 0 && r != EOWNERDEAD)
			_exit(10);
		if (r == EOWNERDEAD && pthread_mutex_consistent(&sh->m))
			_exit(11);
		sh->counter++;
		pid_t tid = fxp_gettid();
		fxp_write_all(fd[1], &tid, sizeof tid);
		for (;;)
			pause();
	}
	close(fd[1]);
	pid_t tid;
	fxp_read_all(fd[0], &tid, sizeof tid);
	close(fd[0]);
	CHECK(tid == p, "child TID %d is not its pid %d", (int)tid, (int)p);
	CHECK(fxp_word(&sh->m) == (uint32_t)tid,
	      "word %#x while held by child %d", fxp_word(&sh->m), (int)tid);
	return p;
}

/* A waiter (thread or process) takes m once and counts. */
static int take_once(void)
{
	int r = pthread_mutex_lock(&sh->m);
	if (r != 0 && r != EOWNERDEAD)
		return r;
	if (r == EOWNERDEAD) {
		__atomic_fetch_add(&sh->ownerdead_seen, 1, __ATOMIC_SEQ_CST);
		int c = pthread_mutex_consistent(&sh->m);
		if (c)
			return 1000 + c;
	}
	sh->counter++;
	__atomic_fetch_add(&sh->got_lock, 1, __ATOMIC_SEQ_CST);
	return pthread_mutex_unlock(&sh->m);
}

struct waiter {
	pthread_t t;
	volatile pid_t tid;
	int result;
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	w->tid = fxp_gettid();
	w->result = take_once();
	return 0;
}

/* Each case starts from a fresh mutex, whatever an earlier case left. */
static void fresh(void)
{
	memset(sh, 0, sizeof *sh);
	fxp_robust_init(&sh->m, PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE);
}

static void owner_killed_then_lock(void *unused)
{
	fresh();
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		long before = sh->counter;
		pid_t c = spawn_owner();
		CHECK(kill(c, SIGKILL) == 0, "kill");
		fxp_reap_killed(c);
		CHECK_RC(pthread_mutex_lock(&sh->m), EOWNERDEAD);
		CHECK_OK(pthread_mutex_consistent(&sh->m));
		sh->counter++;
		CHECK_OK(pthread_mutex_unlock(&sh->m));
		CHECK(sh->counter == before + 2, "round %d: counter %ld, "
		      "expected %ld", i, sh->counter, before + 2);
	}
	CHECK_OK(pthread_mutex_trylock(&sh->m));
	CHECK_OK(pthread_mutex_unlock(&sh->m));
}

static void wait_waiters_flag(void)
{
	while (!(fxp_word(&sh->m) & FUTEX_WAITERS))
		fxp_sleep_us(50);
}

static void waiter_thread_asleep(void *unused)
{
	fresh();
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		long before = sh->counter;
		sh->ownerdead_seen = sh->got_lock = 0;
		pid_t c = spawn_owner();
		struct waiter w = { 0 };
		CHECK_OK(pthread_create(&w.t, 0, waiter_main, &w));
		wait_waiters_flag();
		while (!w.tid)
			fxp_sleep_us(50);
		fxp_wait_asleep(w.tid);
		CHECK(kill(c, SIGKILL) == 0, "kill");
		fxp_reap_killed(c);
		CHECK_OK(pthread_join(w.t, 0));
		CHECK(w.result == 0, "round %d: waiter: %d (%s)", i, w.result,
		      strerror(w.result));
		CHECK(sh->ownerdead_seen == 1, "round %d: EOWNERDEAD seen %d "
		      "times", i, sh->ownerdead_seen);
		CHECK(sh->counter == before + 2, "round %d: counter %ld, "
		      "expected %ld", i, sh->counter, before + 2);
		CHECK_OK(pthread_mutex_trylock(&sh->m));
		CHECK_OK(pthread_mutex_unlock(&sh->m));
	}
}

static void many_waiters_asleep(void *unused)
{
	fresh();
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		long before = sh->counter;
		sh->ownerdead_seen = sh->got_lock = 0;
		pid_t c = spawn_owner();
		/* waiter process */
		pid_t wp = fxp_fork();
		if (wp == 0)
			_exit(take_once() == 0 ? 0 : 1);
		wait_waiters_flag();
		fxp_wait_proc_asleep(wp);
		/* two waiter threads */
		struct waiter w[2] = { { 0 } };
		for (int k = 0; k < 2; k++) {
			CHECK_OK(pthread_create(&w[k].t, 0, waiter_main, &w[k]));
			while (!w[k].tid)
				fxp_sleep_us(50);
			fxp_wait_asleep(w[k].tid);
		}
		CHECK(kill(c, SIGKILL) == 0, "kill");
		fxp_reap_killed(c);
		for (int k = 0; k < 2; k++) {
			CHECK_OK(pthread_join(w[k].t, 0));
			CHECK(w[k].result == 0, "round %d: waiter thread %d: "
			      "%d", i, k, w[k].result);
		}
		fxp_reap_ok(wp, "waiter process");
		CHECK(sh->ownerdead_seen == 1, "round %d: EOWNERDEAD seen %d "
		      "times, expected once", i, sh->ownerdead_seen);
		CHECK(sh->got_lock == 3, "round %d: %d of 3 waiters got the "
		      "lock", i, sh->got_lock);
		CHECK(sh->counter == before + 4, "round %d: counter %ld, "
		      "expected %ld", i, sh->counter, before + 4);
		CHECK_OK(pthread_mutex_trylock(&sh->m));
		CHECK_OK(pthread_mutex_unlock(&sh->m));
	}
}

int main(void)
{
	fxp_begin("robust_process_killed_gives_eownerdead", 45);
	sh = fxp_shared_alloc(sizeof *sh);
	int failed = 0;
	failed += fxp_run_case("owner killed, then lock",
			       owner_killed_then_lock, 0, 20);
	failed += fxp_run_case("waiter thread asleep when the owner is killed",
			       waiter_thread_asleep, 0, 20);
	failed += fxp_run_case("two threads and a process asleep when the "
			       "owner is killed", many_waiters_asleep, 0, 20);
	fxp_step("summary");
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("SIGKILLed owner of a process-shared robust mutex: "
		 "EOWNERDEAD to exactly one next owner, %d rounds per case",
		 ROUNDS);
	return 0;
}
