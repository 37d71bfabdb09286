/* fork() while threads wait for a mutex the forking thread holds.  The
 * child has only the forking thread, which still holds the mutex; the
 * waiters stayed behind in the parent.  In the child the mutex must work
 * as if nobody had waited for it: unlock, then two child threads contend
 * for it with an exact total.  With fxpthread the parent's waiters were
 * parked in the process's queues when the child was made
 * (docs/mutex.md#parking): the child must not wake, or wait for, threads
 * it does not have.
 *
 *   1. main locks M (normal, or adaptive in odd rounds: the types without
 *      an owner TID, which the child's thread no longer has) and starts
 *      WAITERS threads that lock it;
 *   2. once they all sleep, main forks;
 *   3. child: unlock M, then two threads lock and unlock it ITERS times
 *      each, with a counter: exact total, no hang (the watchdog of the
 *      parent, which waits for the child, turns a hang into a failure);
 *   4. parent: unlock M; every waiter gets it once; exact total.
 */
#include "process_check.h"

#define WAITERS 3
#define ITERS 20000
#define ROUNDS 6

static pthread_mutex_t m;
static long counter;
static pid_t waiter_tid[WAITERS];
static volatile int started;

static void *waiter(void *p)
{
	int i = (int)(intptr_t)p;
	waiter_tid[i] = fxp_gettid();
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_lock(&m));
	counter++;
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static void *child_worker(void *p)
{
	(void)p;
	for (int i = 0; i < ITERS; i++) {
		CHECK_OK(pthread_mutex_lock(&m));
		counter++;
		CHECK_OK(pthread_mutex_unlock(&m));
	}
	return 0;
}

static void child(int round)
{
	fxp_step("child: unlock what the forking thread held");
	CHECK_OK(pthread_mutex_unlock(&m));
	counter = 0;
	fxp_step("child: two threads contend for it");
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		CHECK_OK(pthread_create(&t[i], 0, child_worker, 0));
	for (int i = 0; i < 2; i++)
		CHECK_OK(pthread_join(t[i], 0));
	CHECK(counter == 2L * ITERS, "round %d: child counted %ld, expected "
	      "%ld", round, counter, 2L * ITERS);
	CHECK_OK(pthread_mutex_destroy(&m));
	_exit(0);
}

int main(void)
{
	static const int types[] = { PTHREAD_MUTEX_NORMAL,
				     PTHREAD_MUTEX_ADAPTIVE_NP };
	fxp_begin("mutex_parked_waiters_across_fork", 60);
	for (int round = 0; round < ROUNDS; round++) {
		fxp_progress();
		pthread_mutexattr_t a;
		CHECK_OK(pthread_mutexattr_init(&a));
		CHECK_OK(pthread_mutexattr_settype(&a, types[round % 2]));
		CHECK_OK(pthread_mutex_init(&m, &a));
		CHECK_OK(pthread_mutexattr_destroy(&a));
		counter = 0;
		started = 0;

		fxp_step("parent: hold M, let the waiters block on it");
		CHECK_OK(pthread_mutex_lock(&m));
		pthread_t t[WAITERS];
		for (int i = 0; i < WAITERS; i++)
			CHECK_OK(pthread_create(&t[i], 0, waiter,
						(void *)(intptr_t)i));
		while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < WAITERS)
			fxp_sleep_us(100);
		for (int i = 0; i < WAITERS; i++)
			fxp_wait_asleep(waiter_tid[i]);

		fxp_step("parent: fork");
		pid_t p = fxp_fork();
		if (p == 0)
			child(round);
		fxp_reap_ok(p, "child");

		fxp_step("parent: release the waiters");
		CHECK_OK(pthread_mutex_unlock(&m));
		for (int i = 0; i < WAITERS; i++)
			CHECK_OK(pthread_join(t[i], 0));
		CHECK(counter == WAITERS, "round %d: parent counted %ld, "
		      "expected %d", round, counter, WAITERS);
		CHECK_OK(pthread_mutex_destroy(&m));
	}
	fxp_pass("%d rounds: the child used a mutex the parent's waiters "
		 "were parked on", ROUNDS);
	return 0;
}
