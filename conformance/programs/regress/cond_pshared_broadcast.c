/* Process-shared condvar: a broadcast reaches waiters in every process, and
 * keeps working after a waiting process was killed.  glibc 2.25's condvar
 * hung in pthread_cond_broadcast once a process that had waited on a
 * shared condvar was killed (sourceware bug 21422): the dead waiter's
 * reference was never released and broadcast waited for it forever.
 *
 * Part 1, ROUNDS rounds, NPROC processes x NTHR threads waiting:
 *   1. every waiter locks the shared mutex, registers, and waits on the
 *      shared condvar for the round number to change;
 *   2. the parent sees all NPROC * NTHR registered and asleep;
 *   3. the parent bumps the round and broadcasts;
 *   4. every waiter of every process must return; the parent waits for
 *      all NPROC * NTHR acknowledgements (bounded).
 * Part 2, the 21422 scenario:
 *   1. process V (the victim) waits on the condvar; so do waiters in two
 *      other processes;
 *   2. the parent sees them all asleep in the futex system call, and
 *      SIGKILLs V while it sleeps;
 *   3. the parent broadcasts: the call must return (bounded), and the
 *      surviving waiters must all return;
 *   4. a fresh process waits, is signalled with pthread_cond_signal, and
 *      must return too.
 */
#include "regress.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define NPROC 3
#define NTHR 3
#define ROUNDS 30

struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	int round;	   /* waiters wait for it to pass the value they saw */
	int registered;	   /* waiters inside the wait loop this round */
	int acked;	   /* waiters that returned this round */
	pid_t tids[NPROC * NTHR + 8]; /* waiter thread ids, for /proc */
	pid_t pids[NPROC * NTHR + 8];
	int ntids;
};
static struct shared *sh;

/* One wait on the shared condvar for the next round; 1 when it returned. */
static void wait_next_round(void)
{
	pthread_mutex_lock(&sh->m);
	int r = sh->round;
	int slot = sh->ntids++;
	sh->tids[slot] = gettid_();
	sh->pids[slot] = getpid();
	sh->registered++;
	while (sh->round == r)
		pthread_cond_wait(&sh->c, &sh->m);
	sh->acked++;
	pthread_mutex_unlock(&sh->m);
}

static void *waiter_thread(void *arg)
{
	long rounds = (long)arg;
	for (long i = 0; i < rounds; i++)
		wait_next_round();
	return 0;
}

/* A child process with nthr threads, each waiting `rounds` times. */
static pid_t spawn_waiters(int nthr, long rounds)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		step("a waiting child process, never woken");
		alarm(60); /* orphans must not linger */
		pthread_t t[NTHR];
		for (int i = 0; i < nthr; i++)
			pthread_create(&t[i], 0, waiter_thread, (void *)rounds);
		for (int i = 0; i < nthr; i++)
			pthread_join(t[i], 0);
		_exit(0);
	}
	return pid;
}

/* Wait until n waiters registered this round and every one of them sleeps
 * in the futex system call (on the condvar, or on the mutex after a
 * requeue: both mean "blocked"). */
static int all_asleep(int n, int ms)
{
	int64_t end = now_ns() + (int64_t)ms * 1000000;
	for (;;) {
		pthread_mutex_lock(&sh->m);
		int reg = sh->registered, k = sh->ntids;
		pid_t tids[NPROC * NTHR + 8], pids[NPROC * NTHR + 8];
		memcpy(tids, sh->tids, sizeof tids);
		memcpy(pids, sh->pids, sizeof pids);
		pthread_mutex_unlock(&sh->m);
		int asleep = 0;
		if (reg >= n)
			for (int i = 0; i < k; i++)
				asleep += blocked_in_futex(pids[i], tids[i],
							   &sh->c, sizeof sh->c);
		if (reg >= n && asleep >= n)
			return 1;
		if (now_ns() > end)
			return 0;
		sleep_ms(2);
	}
}

static void new_round(void)
{
	pthread_mutex_lock(&sh->m);
	sh->registered = sh->acked = sh->ntids = 0;
	pthread_mutex_unlock(&sh->m);
}

static int acked_within(int n, int ms)
{
	int64_t end = now_ns() + (int64_t)ms * 1000000;
	for (;;) {
		pthread_mutex_lock(&sh->m);
		int a = sh->acked;
		pthread_mutex_unlock(&sh->m);
		if (a >= n)
			return 1;
		if (now_ns() > end)
			return 0;
		sleep_ms(2);
	}
}

static void part1(void)
{
	pid_t kids[NPROC];
	int ok = 1;
	for (int p = 0; p < NPROC; p++)
		kids[p] = spawn_waiters(NTHR, ROUNDS);
	for (int r = 0; r < ROUNDS && ok; r++) {
		step("part 1: all waiters asleep");
		if (!all_asleep(NPROC * NTHR, 10000)) {
			printf("round %d: the waiters never all slept\n", r);
			ok = 0;
			break;
		}
		step("part 1: broadcast");
		pthread_mutex_lock(&sh->m);
		sh->round++;
		sh->registered = sh->ntids = 0;
		sh->acked = 0;
		pthread_cond_broadcast(&sh->c);
		pthread_mutex_unlock(&sh->m);
		step("part 1: every waiter returns");
		if (!acked_within(NPROC * NTHR, 10000)) {
			printf("round %d: %d of %d waiters returned from the"
			       " broadcast\n", r, sh->acked, NPROC * NTHR);
			ok = 0;
		}
	}
	if (!ok)
		for (int p = 0; p < NPROC; p++)
			kill(kids[p], SIGKILL);
	for (int p = 0; p < NPROC; p++)
		waitpid(kids[p], 0, 0);
	check(ok, "broadcast wakes %d waiters in %d processes, %d rounds",
	      NPROC * NTHR, NPROC, ROUNDS);
}

static void part2(void)
{
	new_round();
	pid_t victim = spawn_waiters(1, 1);
	pid_t a = spawn_waiters(2, 1);
	pid_t b = spawn_waiters(1, 1);
	step("part 2: victim and others asleep");
	if (!all_asleep(4, 10000))
		die("part 2: the waiters never all slept");
	kill(victim, SIGKILL); /* 2. killed while blocked in the wait */
	waitpid(victim, 0, 0);

	step("part 2: broadcast after a waiter was killed");
	int64_t t0 = now_ns();
	pthread_mutex_lock(&sh->m);
	sh->round++;
	pthread_cond_broadcast(&sh->c); /* 3. must return */
	pthread_mutex_unlock(&sh->m);
	int64_t took = now_ns() - t0;
	check(took < 2000000000LL,
	      "broadcast returns after a waiting process was killed");
	step("part 2: survivors return");
	check(acked_within(3, 10000),
	      "the 3 waiters of the surviving processes return");
	waitpid(a, 0, 0);
	waitpid(b, 0, 0);

	/* 4. */
	new_round();
	pid_t fresh = spawn_waiters(1, 1);
	step("part 2: a fresh waiter sleeps");
	if (!all_asleep(1, 10000))
		die("part 2: the fresh waiter never slept");
	step("part 2: signal the fresh waiter");
	pthread_mutex_lock(&sh->m);
	sh->round++;
	pthread_cond_signal(&sh->c);
	pthread_mutex_unlock(&sh->m);
	check(acked_within(1, 10000),
	      "a process that waits afterwards is woken by a signal");
	waitpid(fresh, 0, 0);
}

int main(void)
{
	regress_start(60);
	sh = mmap(0, sizeof *sh, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->m, &ma);
	pthread_cond_init(&sh->c, &ca);
	part1();
	part2();
	return regress_finish();
}
