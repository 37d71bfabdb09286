/* A condition variable whose mutex is PTHREAD_PRIO_INHERIT moves a woken
 * waiter straight onto the mutex's PI futex (FUTEX_WAIT_REQUEUE_PI /
 * FUTEX_CMP_REQUEUE_PI, docs/cond.md#pi), so the mutex's owner inherits
 * the waiter's priority before the waiter has run at all.  Needs root
 * (real-time scheduling); otherwise SKIP.
 *
 * All threads are pinned to one CPU, SCHED_FIFO: H (high, 30) waits on c
 * with the PI mutex m, L (low, 10) then owns m, M (medium, 20) spins.
 * ROUNDS rounds for each PI mutex kind (private, robust, process-shared),
 * alternating pthread_cond_wait and pthread_cond_timedwait (far deadline),
 * and signal and broadcast:
 *   1. H locks m and calls wait(c, m): it sleeps on the condvar, m free.
 *   2. L locks m and sleeps on a semaphore, holding m.
 *   3. main (FIFO 40) signals (or broadcasts) c, not holding m.  H is not
 *      woken: the kernel queues it on m, owned by L.  Checked: m's word
 *      has FUTEX_WAITERS; H is still asleep and has not been scheduled
 *      since step 1 (its voluntary context switch count is unchanged); L's
 *      effective priority, from /proc/self/task/L/stat, is H's (prio field
 *      -1 - 30) while sched_getparam(L) still reports its own 10.
 *   4. M starts spinning on the CPU.
 *   5. main posts L's semaphore: L, boosted above M, runs and unlocks; the
 *      kernel hands m to H, whose wait returns 0 with m held; H says done;
 *      M stops.  M must not have reached its deadline (the inversion was
 *      resolved by the boost), and L's priority is its own again.
 * A process-shared condvar keeps no mutex address (docs/cond.md), so it
 * cannot requeue: there H is woken, runs, and blocks on m with
 * FUTEX_LOCK_PI, which boosts L from then on; the rounds check the boost
 * and the resolved inversion, not the "never ran".
 * A condvar over a mutex without PI is the contrast: after step 3 there,
 * H has been woken (it runs as soon as main sleeps and blocks again on m:
 * its context switch count moves, which shows the count can see a wake)
 * and L keeps its own priority.
 */
#include "process_check.h"
#include <semaphore.h>

#define ROUNDS 8
#define PRIO_L 10
#define PRIO_M 20
#define PRIO_H 30
#define PRIO_MAIN 40

static int cpu;
static pthread_mutex_t m;
static pthread_cond_t c;
static sem_t l_release;
static volatile pid_t l_tid, h_tid;
static volatile int l_has, h_waiting, h_done, h_rc, m_running, m_gave_up;
static volatile int h_timed, pred;
static volatile int l_prio_after;

/* voluntary_ctxt_switches from /proc/self/task/TID/status: grows each
 * time the thread blocks, so it stays put while the thread sleeps on. */
static long task_nvcsw(pid_t tid)
{
	char buf[4096];
	CHECK(fxp_read_task_file(tid, "status", buf, sizeof buf) > 0,
	      "read /proc/self/task/%d/status", (int)tid);
	char *p = strstr(buf, "\nvoluntary_ctxt_switches:");
	CHECK(p, "no voluntary_ctxt_switches for thread %d", (int)tid);
	return atol(p + strlen("\nvoluntary_ctxt_switches:"));
}

static void *low(void *arg)
{
	l_tid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(&m));
	pred = 1;
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
	CHECK_OK(pthread_mutex_lock(&m));
	__atomic_store_n(&h_waiting, 1, __ATOMIC_SEQ_CST);
	int rc = 0;
	while (!pred && rc == 0) {
		if (h_timed) {
			struct timespec d = fxp_after_ms(CLOCK_REALTIME, 60000);
			rc = pthread_cond_timedwait(&c, &m, &d);
		} else {
			rc = pthread_cond_wait(&c, &m);
		}
	}
	h_rc = rc;
	__atomic_store_n(&h_done, 1, __ATOMIC_SEQ_CST);
	if (rc == 0)
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

static void reset(const struct fxp_mutex_kind *k)
{
	l_tid = h_tid = 0;
	l_has = h_waiting = h_done = m_running = m_gave_up = 0;
	h_rc = -1;
	pred = 0;
	l_prio_after = 0;
	CHECK(sem_init(&l_release, 0, 0) == 0, "sem_init");
	fxp_mutex_init(&m, k);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, k->pshared));
	CHECK_OK(pthread_cond_init(&c, &ca));
	CHECK_OK(pthread_condattr_destroy(&ca));
}

static void finish(void)
{
	CHECK_OK(pthread_cond_destroy(&c));
	CHECK_OK(pthread_mutex_destroy(&m));
	sem_destroy(&l_release);
}

/* Steps 1-2: H asleep on c, L holding m.  Returns H's voluntary context
 * switch count at that point. */
static long h_waits_l_holds(pthread_t *th, pthread_t *tl,
			    pthread_attr_t *ah, pthread_attr_t *al)
{
	fxp_step("1. H waits on c");
	CHECK_OK(pthread_create(th, ah, high, 0));
	wait_flag(&h_waiting);
	fxp_wait_asleep(h_tid);
	/* asleep in the condvar wait, so m is free again */
	fxp_step("2. L locks m");
	CHECK_OK(pthread_create(tl, al, low, 0));
	wait_flag(&l_has);
	CHECK(fxp_task_prio(l_tid) == -1 - PRIO_L, "L's priority before any "
	      "waiter: %d", fxp_task_prio(l_tid));
	CHECK(fxp_task_prio(h_tid) == -1 - PRIO_H, "H's priority %d",
	      fxp_task_prio(h_tid));
	fxp_wait_asleep(h_tid);
	return task_nvcsw(h_tid);
}

static void requeue_round(const struct fxp_mutex_kind *k, int round)
{
	pthread_attr_t al, am, ah;
	pthread_t tl, tm, th;
	reset(k);
	h_timed = round & 1;
	int bcast = (round >> 1) & 1;
	fxp_attr_fifo(&al, cpu, PRIO_L);
	fxp_attr_fifo(&am, cpu, PRIO_M);
	fxp_attr_fifo(&ah, cpu, PRIO_H);

	long sw = h_waits_l_holds(&th, &tl, &ah, &al);

	fxp_step("3. signal moves H onto m, boosting L");
	CHECK_OK(bcast ? pthread_cond_broadcast(&c) : pthread_cond_signal(&c));
	/* The requeue is done when the signal call returns.  main (FIFO 40)
	 * sleeps a moment: a woken H would run now and block again. */
	fxp_sleep_us(2000);
	CHECK(fxp_word(&m) & FUTEX_WAITERS, "%s round %d: m's word %#x has no "
	      "FUTEX_WAITERS after the %s", k->name, round, fxp_word(&m),
	      bcast ? "broadcast" : "signal");
	CHECK((fxp_word(&m) & FUTEX_TID_MASK) == (uint32_t)l_tid,
	      "m's word %#x does not name L (%d)", fxp_word(&m), (int)l_tid);
	CHECK(fxp_task_state(h_tid) == 'S', "H not asleep (state %c)",
	      fxp_task_state(h_tid));
	long sw_after = task_nvcsw(h_tid);
	CHECK(sw_after == sw || k->pshared == PTHREAD_PROCESS_SHARED,
	      "%s round %d: H ran after the %s (voluntary "
	      "switches %ld -> %ld): it was woken, not requeued", k->name,
	      round, bcast ? "broadcast" : "signal", sw, sw_after);
	int boosted = fxp_task_prio(l_tid);
	struct sched_param sp;
	CHECK(sched_getparam(l_tid, &sp) == 0, "sched_getparam");
	CHECK(boosted == -1 - PRIO_H, "%s round %d: owner's effective "
	      "priority %d while H (%d) is queued on m; expected %d", k->name,
	      round, boosted, PRIO_H, -1 - PRIO_H);
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
	CHECK(h_rc == 0, "%s round %d: H's %s returned %d", k->name, round,
	      h_timed ? "timedwait" : "wait", h_rc);
	CHECK(!m_gave_up, "%s round %d: M spun to its deadline before H got "
	      "the mutex: the owner was not boosted", k->name, round);
	CHECK(l_prio_after == -1 - PRIO_L, "%s: L's priority after unlock "
	      "%d, expected its own %d", k->name, l_prio_after, -1 - PRIO_L);
	finish();
	pthread_attr_destroy(&al);
	pthread_attr_destroy(&am);
	pthread_attr_destroy(&ah);
	fxp_progress();
}

/* Contrast: over a mutex without PI, the signal wakes H (which then
 * sleeps on m) and nobody boosts L. */
static void no_pi_round(void)
{
	struct fxp_mutex_kind k = { "no PI", PTHREAD_MUTEX_NORMAL,
				    PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
				    PTHREAD_PROCESS_PRIVATE };
	pthread_attr_t al, ah;
	pthread_t tl, th;
	reset(&k);
	h_timed = 0;
	fxp_attr_fifo(&al, cpu, PRIO_L);
	fxp_attr_fifo(&ah, cpu, PRIO_H);
	long sw = h_waits_l_holds(&th, &tl, &ah, &al);
	CHECK_OK(pthread_cond_signal(&c));
	/* H (FIFO 30) ran at once on the shared CPU, found m held and went
	 * back to sleep: its switch count moved. */
	fxp_wait_asleep(h_tid);
	long sw_after = task_nvcsw(h_tid);
	CHECK(sw_after > sw, "no PI: H's voluntary switches %ld -> %ld: the "
	      "signal did not wake it", sw, sw_after);
	int p = fxp_task_prio(l_tid);
	CHECK(p == -1 - PRIO_L, "PTHREAD_PRIO_NONE: owner's priority %d while "
	      "H waits, expected its own %d", p, -1 - PRIO_L);
	CHECK(sem_post(&l_release) == 0, "sem_post");
	CHECK_OK(pthread_join(th, 0));
	CHECK_OK(pthread_join(tl, 0));
	CHECK(h_rc == 0, "no PI: H's wait returned %d", h_rc);
	finish();
	pthread_attr_destroy(&al);
	pthread_attr_destroy(&ah);
	fxp_note("without PI: L stays at its own priority; H's voluntary "
		 "switches %ld -> %ld across the signal", sw, sw_after);
}

int main(void)
{
	fxp_begin("pi_cond_requeue_boosts_owner", 45);
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
		{ "robust PI", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "pshared PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_SHARED },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (int i = 0; i < ROUNDS; i++)
			requeue_round(&kinds[k], i);

	sp.sched_priority = 0;
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp);
	fxp_pass("signal/broadcast moved the waiter onto the PI mutex without "
		 "waking it (private and robust; pshared: woken, then queued "
		 "by its lock); owner boosted to the waiter's priority (%d) until "
		 "its unlock, inversion with a spinning medium thread resolved; "
		 "%d rounds x 3 PI kinds, wait and timedwait",
		 PRIO_H, ROUNDS);
	return 0;
}
