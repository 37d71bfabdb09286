/* Priority inheritance resolves a priority inversion.  Needs root (real-
 * time scheduling); otherwise SKIP.
 *
 * All threads are pinned to one CPU, SCHED_FIFO: L (low, 10) owns a PI
 * mutex, H (high, 30) wants it, M (medium, 20) spins.  Without priority
 * inheritance, M keeps L off the CPU and H waits as long as M spins; with
 * it, L runs at H's priority, releases the mutex and H gets it.  M spins
 * only until H has the mutex or until a deadline, the hang detector
 * (reaching it is the failure "inversion not resolved").
 *
 * ROUNDS rounds for each PI mutex kind (private, process-shared, robust):
 *   1. L locks m and sleeps on a semaphore.
 *   2. H calls lock(m) and sleeps in the kernel (FUTEX_WAITERS, H asleep).
 *   3. L's effective priority, read from /proc/self/task/L/stat, is H's
 *      (prio field -1 - 30); sched_getparam(L) still reports L's own 10.
 *   4. M starts spinning on the CPU.
 *   5. main (FIFO 40) posts L's semaphore: L, boosted above M, runs and
 *      unlocks; the kernel hands m to H; H runs and says done; M stops.
 *   6. M did not reach its deadline, and L's priority after its unlock
 *      is its own again (-1 - 10).
 * Contrast, with a PTHREAD_PRIO_NONE mutex in step 1-3 (no M): L's
 * effective priority stays its own while H waits.
 */
#include "process_check.h"
#include <semaphore.h>

#define ROUNDS 10
#define PRIO_L 10
#define PRIO_M 20
#define PRIO_H 30
#define PRIO_MAIN 40

static int cpu;
static pthread_mutex_t m;
static sem_t l_release;
static volatile pid_t l_tid, h_tid;
static volatile int l_has, h_calling, h_done, m_running, m_gave_up;
static volatile int l_prio_after;

static void *low(void *arg)
{
	l_tid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(&m));
	__atomic_store_n(&l_has, 1, __ATOMIC_SEQ_CST);
	while (sem_wait(&l_release) != 0)
		;
	CHECK_OK(pthread_mutex_unlock(&m));
	l_prio_after = fxp_task_prio(fxp_gettid());
	return 0;
}

static void *high(void *arg)
{
	h_tid = fxp_gettid();
	__atomic_store_n(&h_calling, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_lock(&m));
	__atomic_store_n(&h_done, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static void *medium(void *arg)
{
	struct timespec deadline = fxp_after_ms(CLOCK_MONOTONIC, 5000);
	__atomic_store_n(&m_running, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&h_done, __ATOMIC_SEQ_CST)) {
		struct timespec now = fxp_now(CLOCK_MONOTONIC);
		if (now.tv_sec > deadline.tv_sec ||
		    (now.tv_sec == deadline.tv_sec &&
		     now.tv_nsec >= deadline.tv_nsec)) {
			m_gave_up = 1;
			break;
		}
	}
	return 0;
}

static void wait_flag(volatile int *f)
{
	while (!__atomic_load_n(f, __ATOMIC_SEQ_CST))
		fxp_sleep_us(100);
}

static void reset(void)
{
	l_tid = h_tid = 0;
	l_has = h_calling = h_done = m_running = m_gave_up = 0;
	l_prio_after = 0;
	CHECK(sem_init(&l_release, 0, 0) == 0, "sem_init");
}

static void inversion_round(const struct fxp_mutex_kind *k, int round)
{
	pthread_attr_t al, am, ah;
	pthread_t tl, tm, th;
	reset();
	fxp_mutex_init(&m, k);
	fxp_attr_fifo(&al, cpu, PRIO_L);
	fxp_attr_fifo(&am, cpu, PRIO_M);
	fxp_attr_fifo(&ah, cpu, PRIO_H);

	fxp_step("1. L locks m");
	CHECK_OK(pthread_create(&tl, &al, low, 0));
	wait_flag(&l_has);
	CHECK(fxp_task_prio(l_tid) == -1 - PRIO_L, "L's priority before any "
	      "waiter: %d", fxp_task_prio(l_tid));

	fxp_step("2. H sleeps on m");
	CHECK_OK(pthread_create(&th, &ah, high, 0));
	wait_flag(&h_calling);
	while (!(fxp_word(&m) & FUTEX_WAITERS))
		fxp_sleep_us(100);
	fxp_wait_asleep(h_tid);

	fxp_step("3. L runs at H's priority");
	int boosted = fxp_task_prio(l_tid);
	struct sched_param sp;
	CHECK(sched_getparam(l_tid, &sp) == 0, "sched_getparam");
	CHECK(boosted == -1 - PRIO_H, "%s round %d: owner's effective "
	      "priority %d while H (%d) waits; expected %d", k->name, round,
	      boosted, PRIO_H, -1 - PRIO_H);
	CHECK(sp.sched_priority == PRIO_L, "sched_getparam(L) = %d, L's own "
	      "priority is %d", sp.sched_priority, PRIO_L);

	fxp_step("4. M spins");
	CHECK_OK(pthread_create(&tm, &am, medium, 0));
	wait_flag(&m_running);

	fxp_step("5. release L: inversion must resolve");
	CHECK(sem_post(&l_release) == 0, "sem_post");
	CHECK_OK(pthread_join(th, 0));
	CHECK_OK(pthread_join(tm, 0));
	CHECK_OK(pthread_join(tl, 0));

	fxp_step("6. checks");
	CHECK(!m_gave_up, "%s round %d: M spun to its deadline before H got "
	      "the mutex: the owner was not boosted", k->name, round);
	CHECK(h_done, "H never got the mutex");
	CHECK(l_prio_after == -1 - PRIO_L, "%s: L's priority after unlock "
	      "%d, expected its own %d", k->name, l_prio_after, -1 - PRIO_L);
	CHECK_OK(pthread_mutex_destroy(&m));
	sem_destroy(&l_release);
	pthread_attr_destroy(&al);
	pthread_attr_destroy(&am);
	pthread_attr_destroy(&ah);
}

/* Contrast: without PI nobody boosts L. */
static void no_pi_round(void)
{
	struct fxp_mutex_kind k = { "no PI", PTHREAD_MUTEX_NORMAL,
				    PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
				    PTHREAD_PROCESS_PRIVATE };
	pthread_attr_t al, ah;
	pthread_t tl, th;
	reset();
	fxp_mutex_init(&m, &k);
	fxp_attr_fifo(&al, cpu, PRIO_L);
	fxp_attr_fifo(&ah, cpu, PRIO_H);
	CHECK_OK(pthread_create(&tl, &al, low, 0));
	wait_flag(&l_has);
	CHECK_OK(pthread_create(&th, &ah, high, 0));
	wait_flag(&h_calling);
	/* 0/1/2 word: a waiter shows as 2 or as PARKED (8) with 1
	 * (docs/mutex.md#parking) */
	while (fxp_word(&m) < 2)
		fxp_sleep_us(100);
	fxp_wait_asleep(h_tid);
	int p = fxp_task_prio(l_tid);
	CHECK(p == -1 - PRIO_L, "PTHREAD_PRIO_NONE: owner's priority %d while "
	      "H waits, expected its own %d", p, -1 - PRIO_L);
	CHECK(sem_post(&l_release) == 0, "sem_post");
	CHECK_OK(pthread_join(th, 0));
	CHECK_OK(pthread_join(tl, 0));
	CHECK_OK(pthread_mutex_destroy(&m));
	sem_destroy(&l_release);
	pthread_attr_destroy(&al);
	pthread_attr_destroy(&ah);
}

int main(void)
{
	fxp_begin("pi_boosts_owner_under_priority_inversion", 45);
	if (fxp_rt_begin(PRIO_MAIN, &cpu) == FXP_SKIP)
		return FXP_SKIP;
	struct sched_param sp;
	fxp_note("pinned to CPU %d; main FIFO %d, L %d, M %d, H %d", cpu,
		 PRIO_MAIN, PRIO_L, PRIO_M, PRIO_H);

	fxp_step("contrast without PI");
	no_pi_round();

	struct fxp_mutex_kind kinds[] = {
		{ "private PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "pshared PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_SHARED },
		{ "robust PI", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (int i = 0; i < ROUNDS; i++)
			inversion_round(&kinds[k], i);

	sp.sched_priority = 0;
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp);
	fxp_pass("owner boosted to the waiter's priority (%d), inversion with "
		 "a spinning medium thread resolved, priority restored after "
		 "unlock; %d rounds x 3 PI kinds; no boost without PI",
		 PRIO_H, ROUNDS);
	return 0;
}
