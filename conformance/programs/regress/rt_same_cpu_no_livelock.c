/* No unbounded spinning at real-time priority.  Two SCHED_FIFO threads of
 * the same priority, pinned to the same CPU: under SCHED_FIFO a running
 * thread keeps the CPU until it blocks or yields, so a lock that only
 * spins while its owner is preempted on that CPU spins forever (livelock:
 * the owner never runs again to release it).  Same-priority FIFO threads
 * do get the CPU back when the spinner yields or sleeps, which a lock
 * must therefore do within a bounded number of iterations.
 *
 * For a pthread spin lock, a normal mutex and an adaptive mutex:
 *   1. both threads run SCHED_FIFO at the same priority on CPU `cpu`;
 *   2. the owner locks, then yields the CPU (sched_yield: the contender,
 *      runnable at the same priority, runs);
 *   3. the contender calls lock: the owner is preempted holding it, on
 *      the contender's CPU, at the contender's priority;
 *   4. the lock must yield or sleep, the owner runs and unlocks, the
 *      contender gets the lock: within BOUND_MS, checked by the main
 *      thread, which is not real-time and runs on another CPU.
 * Needs CAP_SYS_NICE (or an RLIMIT_RTPRIO) and two CPUs; exits 77
 * otherwise.  A livelock is ended by _exit after BOUND_MS.
 */
#include "regress.h"
#include <sched.h>

#define BOUND_MS 3000

enum kind { SPIN, MUTEX_NORMAL, MUTEX_ADAPTIVE };
static const char *names[] = { "pthread_spin_lock", "pthread_mutex_lock (normal)",
			       "pthread_mutex_lock (adaptive)" };

static pthread_spinlock_t spin;
static pthread_mutex_t mtx;
static enum kind kind;
static int held, contender_got, owner_done; /* atomic */

static void lock_it(void)
{
	if (kind == SPIN)
		pthread_spin_lock(&spin);
	else
		pthread_mutex_lock(&mtx);
}

static void unlock_it(void)
{
	if (kind == SPIN)
		pthread_spin_unlock(&spin);
	else
		pthread_mutex_unlock(&mtx);
}

static void *owner(void *arg)
{
	(void)arg;
	lock_it();
	__atomic_store_n(&held, 1, __ATOMIC_SEQ_CST);
	/* 2. Give the CPU to the contender until it has had a go. */
	sched_yield();
	unlock_it();
	__atomic_store_n(&owner_done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void *contender(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&held, __ATOMIC_SEQ_CST))
		sched_yield(); /* lets the owner (same CPU) run to its lock */
	lock_it(); /* 3. */
	__atomic_store_n(&contender_got, 1, __ATOMIC_SEQ_CST);
	unlock_it();
	return 0;
}

static int start_rt(pthread_t *t, void *(*fn)(void *), int cpu, int prio)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&a, SCHED_FIFO);
	struct sched_param sp = { .sched_priority = prio };
	pthread_attr_setschedparam(&a, &sp);
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_attr_setaffinity_np(&a, sizeof set, &set);
	int r = pthread_create(t, &a, fn, 0);
	pthread_attr_destroy(&a);
	return r;
}

static void run(enum kind k, int rt_cpu, int prio)
{
	kind = k;
	held = contender_got = owner_done = 0;
	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, k == MUTEX_ADAPTIVE ? PTHREAD_MUTEX_ADAPTIVE_NP
							  : PTHREAD_MUTEX_NORMAL);
	pthread_mutex_init(&mtx, &ma);

	pthread_t o, c;
	step(names[k]);
	/* 1. The contender first, so that it is queued when the owner
	 * yields. */
	int r = start_rt(&c, contender, rt_cpu, prio);
	if (r == 0)
		r = start_rt(&o, owner, rt_cpu, prio);
	if (r == EPERM)
		skip("no permission for SCHED_FIFO threads");
	if (r)
		die("pthread_create: %s", strerror(r));

	/* 4. */
	int64_t end = now_ns() + (int64_t)BOUND_MS * 1000000;
	while (!(__atomic_load_n(&contender_got, __ATOMIC_SEQ_CST) &&
		 __atomic_load_n(&owner_done, __ATOMIC_SEQ_CST))) {
		if (now_ns() > end) {
			printf("FAIL %s: same-priority SCHED_FIFO threads on one"
			       " CPU still livelocked after %d ms\n",
			       names[k], BOUND_MS);
			fflush(stdout);
			_exit(1); /* the spinning threads die with us */
		}
		sleep_ms(5);
	}
	pthread_join(o, 0);
	pthread_join(c, 0);
	check(1, "%s: the contender gets the lock from a same-priority"
		 " SCHED_FIFO owner preempted on its CPU", names[k]);
}

int main(void)
{
	regress_start(60);
	cpu_set_t mine;
	if (sched_getaffinity(0, sizeof mine, &mine) || CPU_COUNT(&mine) < 2)
		skip("needs two CPUs (the checker must run beside the livelock)");
	int rt_cpu = -1, other = -1;
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine)) {
			if (rt_cpu < 0)
				rt_cpu = i;
			else if (other < 0)
				other = i;
		}
	/* The checker (this thread) stays off the real-time CPU. */
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(other, &set);
	sched_setaffinity(0, sizeof set, &set);

	struct sched_param probe = { .sched_priority = sched_get_priority_min(SCHED_FIFO) };
	pthread_t self = pthread_self();
	int pol;
	struct sched_param old;
	pthread_getschedparam(self, &pol, &old);
	if (pthread_setschedparam(self, SCHED_FIFO, &probe))
		skip("no permission for SCHED_FIFO (CAP_SYS_NICE or RLIMIT_RTPRIO)");
	pthread_setschedparam(self, pol, &old);

	int prio = sched_get_priority_min(SCHED_FIFO) + 1;
	run(SPIN, rt_cpu, prio);
	run(MUTEX_NORMAL, rt_cpu, prio);
	run(MUTEX_ADAPTIVE, rt_cpu, prio);
	return regress_finish();
}
