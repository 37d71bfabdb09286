/* Robust mutexes keep working in the child of a multi-threaded parent.
 * fork() leaves the child with a new TID for the forking thread and with
 * glibc's robust-list head registered in the kernel again, not
 * fxpthread's; both must be redone in the child, or a dead owner's lock
 * is never released (the kernel walks the wrong list, or finds a TID in
 * the word that is not the dying thread's).
 *
 * The parent runs threads that hammer robust and normal mutexes, and its
 * forking thread (main, or a second thread on alternate rounds) has used
 * robust mutexes before, so its TID is cached and its head registered.
 * ROUNDS rounds of:
 *   1. fork.  In the child:
 *   2. the forking thread locks a new robust mutex: the word is the
 *      child's gettid(), not the parent thread's TID; unlock.
 *   3. child thread T1 locks private robust rm and dies; child thread T2
 *      locks rm: EOWNERDEAD (the kernel walked T1's list in the child).
 *   4. the forking thread locks process-shared robust sm (shared with the
 *      parent), checks the word is its TID, and calls _exit without
 *      unlocking.
 *   5. the parent reaps the child: sm's word is FUTEX_OWNER_DIED (the
 *      kernel walked the list fxpthread registered in the child), and
 *      the parent's lock returns EOWNERDEAD.
 */
#include "process_check.h"

#define ROUNDS 30
#define HAMMERS 3

struct shared {
	pthread_mutex_t sm;
};

static struct shared *sh;
static pthread_mutex_t hammered[HAMMERS][2];
static volatile int stop;

static void *hammer(void *arg)
{
	pthread_mutex_t *m = arg;
	while (!stop) {
		for (int k = 0; k < 2; k++) {
			int r = pthread_mutex_lock(&m[k]);
			CHECK(r == 0, "hammer lock: %d", r);
			CHECK_OK(pthread_mutex_unlock(&m[k]));
		}
	}
	return 0;
}

struct child_ctx {
	pthread_mutex_t rm;
	int t2_result;
};

static void *t1_lock_and_die(void *arg)
{
	struct child_ctx *x = arg;
	if (pthread_mutex_lock(&x->rm))
		_exit(11);
	return 0;
}

static void *t2_lock(void *arg)
{
	struct child_ctx *x = arg;
	x->t2_result = pthread_mutex_lock(&x->rm);
	if (x->t2_result == EOWNERDEAD) {
		if (pthread_mutex_consistent(&x->rm) ||
		    pthread_mutex_unlock(&x->rm))
			_exit(12);
	}
	return 0;
}

/* Everything the child checks; exit status names the failed step. */
static void child(void)
{
	pid_t me = fxp_gettid();
	pthread_mutex_t own;
	fxp_robust_init(&own, PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE);
	if (pthread_mutex_lock(&own))
		_exit(2);
	if (fxp_word(&own) != (uint32_t)me) {
		fprintf(stderr, "child: word %#x, child TID %d\n",
			fxp_word(&own), (int)me);
		_exit(3);
	}
	if (pthread_mutex_unlock(&own))
		_exit(4);

	struct child_ctx x;
	fxp_robust_init(&x.rm, PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE);
	pthread_t t;
	if (pthread_create(&t, 0, t1_lock_and_die, &x) || pthread_join(t, 0))
		_exit(5);
	if (pthread_create(&t, 0, t2_lock, &x) || pthread_join(t, 0))
		_exit(6);
	if (x.t2_result != EOWNERDEAD) {
		fprintf(stderr, "child: T2 got %d, expected EOWNERDEAD\n",
			x.t2_result);
		_exit(7);
	}
	if (pthread_mutex_lock(&x.rm) || pthread_mutex_unlock(&x.rm))
		_exit(8);

	if (pthread_mutex_lock(&sh->sm))
		_exit(9);
	if (fxp_word(&sh->sm) != (uint32_t)me)
		_exit(10);
	_exit(0); /* holding sm */
}

static void one_round(int round)
{
	fxp_robust_init(&sh->sm, PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE);
	pid_t p = fxp_fork();
	if (p == 0)
		child();
	int st;
	CHECK(waitpid(p, &st, 0) == p, "waitpid");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "round %d: child "
	      "failed at step %d (status %#x)", round,
	      WIFEXITED(st) ? WEXITSTATUS(st) : -1, st);
	uint32_t w = fxp_word(&sh->sm);
	CHECK(w == FUTEX_OWNER_DIED, "round %d: shared mutex word %#x after "
	      "the child exited holding it; expected FUTEX_OWNER_DIED: the "
	      "kernel did not find it on the child's robust list", round, w);
	CHECK_RC(pthread_mutex_lock(&sh->sm), EOWNERDEAD);
	CHECK_OK(pthread_mutex_consistent(&sh->sm));
	CHECK_OK(pthread_mutex_unlock(&sh->sm));
	CHECK_OK(pthread_mutex_destroy(&sh->sm));
}

/* A second forking thread: forks on request, so that the child's only
 * thread is a replica of a thread that is not main. */
static volatile int fork_request, fork_done;

static void *forker(void *arg)
{
	pthread_mutex_t warm;
	fxp_robust_init(&warm, PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE);
	CHECK_OK(pthread_mutex_lock(&warm)); /* cache TID, register head */
	CHECK_OK(pthread_mutex_unlock(&warm));
	for (;;) {
		while (!__atomic_load_n(&fork_request, __ATOMIC_SEQ_CST))
			fxp_sleep_us(100);
		int r = __atomic_exchange_n(&fork_request, 0, __ATOMIC_SEQ_CST);
		if (r < 0)
			return 0;
		one_round(r - 1);
		__atomic_store_n(&fork_done, 1, __ATOMIC_SEQ_CST);
	}
}

int main(void)
{
	fxp_begin("robust_list_reregistered_after_fork", 45);
	sh = fxp_shared_alloc(sizeof *sh);

	pthread_mutex_t warm;
	fxp_robust_init(&warm, PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE);
	CHECK_OK(pthread_mutex_lock(&warm));
	CHECK_OK(pthread_mutex_unlock(&warm));

	pthread_t h[HAMMERS], f;
	for (int i = 0; i < HAMMERS; i++) {
		fxp_robust_init(&hammered[i][0], PTHREAD_PROCESS_PRIVATE,
				PTHREAD_PRIO_NONE);
		CHECK_OK(pthread_mutex_init(&hammered[i][1], 0));
		CHECK_OK(pthread_create(&h[i], 0, hammer, hammered[i]));
	}
	CHECK_OK(pthread_create(&f, 0, forker, 0));

	for (int round = 0; round < ROUNDS; round++) {
		fxp_progress();
		if (round % 2 == 0) {
			fxp_step("fork from main");
			one_round(round);
		} else {
			fxp_step("fork from a second thread");
			__atomic_store_n(&fork_done, 0, __ATOMIC_SEQ_CST);
			__atomic_store_n(&fork_request, round + 1,
					 __ATOMIC_SEQ_CST);
			while (!__atomic_load_n(&fork_done, __ATOMIC_SEQ_CST))
				fxp_sleep_us(100);
		}
	}
	__atomic_store_n(&fork_request, -1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_join(f, 0));
	stop = 1;
	for (int i = 0; i < HAMMERS; i++)
		CHECK_OK(pthread_join(h[i], 0));
	fxp_pass("%d forks of a multi-threaded parent (from main and from a "
		 "second thread): child TID in the word, EOWNERDEAD between "
		 "child threads, and the forking thread's own robust list "
		 "released by the kernel at its exit", ROUNDS);
	return 0;
}
