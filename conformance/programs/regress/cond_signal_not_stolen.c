/* A signal belongs to the threads blocked when it was sent: a thread that
 * starts waiting afterwards must not consume it (POSIX; glibc's condvar
 * before 2.25 let it, sourceware bug 13165).
 *
 * Interleaving, repeated for ROUNDS rounds:
 *   1. W1 locks m and calls pthread_cond_wait(c, m).
 *   2. main sees W1 asleep in the futex system call on c.
 *   3. main locks m and calls pthread_cond_signal(c): W1 is the only
 *      thread blocked on c, so the signal is W1's.
 *   4. Still holding m (so W1 cannot have returned yet: it needs m), main
 *      itself waits on c with pthread_cond_timedwait(c, m, 50 ms).  main
 *      is the thread that started waiting after the signal.
 *   5. main's wait released m: W1 must now return from its wait.  With the
 *      bug, main's wait takes the signal and W1 sleeps on.
 *   6. main's timed wait ends (timeout, or a spurious wakeup: both allowed).
 * The check: W1 returned, within 5 s of step 3.
 *
 * Variant "two": W1 and W2 blocked, two signals, then main waits: both W1
 * and W2 must return.
 */
#include "regress.h"

#define ROUNDS 10

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int returned;	 /* early waiters that came back, under m */
static pid_t tids[2];

struct early {
	int idx;
};

static void *early_waiter(void *arg)
{
	struct early *e = arg;
	pthread_mutex_lock(&m);
	__atomic_store_n(&tids[e->idx], gettid_(), __ATOMIC_RELEASE);
	/* 1. Wait once.  A spurious return would also count as "returned";
	 * fxpthread and glibc produce none here (no signals, no timeouts). */
	pthread_cond_wait(&c, &m);
	returned++;
	pthread_mutex_unlock(&m);
	return 0;
}

static int round_trip(int nearly, int round)
{
	pthread_t t[2];
	struct early e[2] = { { 0 }, { 1 } };
	returned = 0;
	tids[0] = tids[1] = 0;
	for (int i = 0; i < nearly; i++) {
		pthread_create(&t[i], 0, early_waiter, &e[i]);
		/* 2. */
		step("early waiter reaches its futex sleep");
		pid_t tid;
		while (!(tid = __atomic_load_n(&tids[i], __ATOMIC_ACQUIRE)))
			sleep_ms(1);
		if (!wait_blocked(getpid(), tid, &c, sizeof c, 5000))
			die("round %d: early waiter %d never slept on the condvar",
			    round, i);
	}

	/* 3. */
	pthread_mutex_lock(&m);
	for (int i = 0; i < nearly; i++)
		pthread_cond_signal(&c);
	/* 4. main starts waiting after the signals. */
	step("the late waiter waits");
	struct timespec dl = deadline_ms(CLOCK_REALTIME, 50);
	int r = pthread_cond_timedwait(&c, &m, &dl);
	if (r != 0 && r != ETIMEDOUT)
		die("round %d: timedwait returned %d", round, r);

	/* 5. The early waiters must return even though main waited after
	 * the signals. */
	step("the early waiters return");
	int64_t end = now_ns() + 5000000000LL;
	while (returned < nearly && now_ns() < end) {
		pthread_mutex_unlock(&m);
		sleep_ms(1);
		pthread_mutex_lock(&m);
	}
	int got = returned;
	pthread_mutex_unlock(&m);
	if (got < nearly) {
		printf("round %d: %d of %d early waiters returned; the late"
		       " waiter's wait returned %d\n", round, got, nearly, r);
		/* Let the stuck ones go so the process can finish. */
		pthread_mutex_lock(&m);
		pthread_cond_broadcast(&c);
		pthread_mutex_unlock(&m);
	}
	for (int i = 0; i < nearly; i++)
		pthread_join(t[i], 0);
	return got == nearly;
}

int main(void)
{
	regress_start(120);
	int ok1 = 1, ok2 = 1;
	for (int i = 0; i < ROUNDS && ok1; i++)
		ok1 = round_trip(1, i);
	check(ok1, "a waiter that starts after a signal does not take it"
		   " from the blocked waiter (%d rounds)", ROUNDS);
	for (int i = 0; i < ROUNDS && ok2; i++)
		ok2 = round_trip(2, i);
	check(ok2, "two signals, two blocked waiters, one late waiter:"
		   " both blocked waiters return (%d rounds)", ROUNDS);
	return regress_finish();
}
