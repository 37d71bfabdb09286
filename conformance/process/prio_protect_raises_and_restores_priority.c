/* PTHREAD_PRIO_PROTECT: while a thread holds a mutex with priority
 * ceiling C it runs at least at C (SCHED_FIFO), and when it releases the
 * last such mutex its own scheduling comes back; nested ceilings restore
 * the right level in any release order.  Needs root (the library changes
 * scheduling on the caller's behalf); otherwise SKIP.
 *
 * Checked from a SCHED_OTHER thread and from a SCHED_FIFO 10 thread:
 *   - lock ceiling 20: FIFO 20; lock ceiling 40: 40; unlock 40: 20;
 *     unlock 20: own scheduling.
 *   - lock 20, lock 40, unlock 20 (out of order): still 40; unlock 40:
 *     own scheduling.
 *   - two mutexes of ceiling 20: the first unlock keeps 20.
 *   - recursive PP mutex: locked twice, the first unlock keeps 20.
 *   - trylock raises; trylock and timedlock that fail (EBUSY, ETIMEDOUT)
 *     leave the priority untouched.
 *   - pthread_cond_wait on a PP mutex: the wait releases the mutex and
 *     the ceiling with it; the return takes both back.
 *   - pthread_mutex_setprioceiling on a held recursive mutex moves the
 *     holder to the new ceiling; getprioceiling reads it back; on a
 *     free mutex it only changes the ceiling.
 * And a FIFO 30 thread locking a ceiling-20 mutex gets EINVAL (POSIX:
 * the caller's priority is above the ceiling), its priority untouched.
 * A robust PRIO_PROTECT mutex is either refused by pthread_mutex_init
 * (ENOTSUP, as glibc) or honours its ceiling.  Each part runs in its own
 * child process.
 */
#include "process_check.h"

static pthread_mutex_t m20, m20b, m40, mrec, busy;
static pthread_cond_t cv;

struct sched_state {
	int policy;
	int prio;
};

static struct sched_state now_sched(void)
{
	struct sched_state s;
	struct sched_param sp;
	s.policy = sched_getscheduler(0);
	CHECK(s.policy >= 0 && sched_getparam(0, &sp) == 0, "sched_get*");
	s.prio = sp.sched_priority;
	/* and the pthread view agrees */
	int pol;
	struct sched_param psp;
	CHECK_OK(pthread_getschedparam(pthread_self(), &pol, &psp));
	CHECK(pol == s.policy && psp.sched_priority == s.prio,
	      "pthread_getschedparam (%d,%d) disagrees with sched_get* "
	      "(%d,%d)", pol, psp.sched_priority, s.policy, s.prio);
	return s;
}

#define EXPECT_FIFO(want, what)                                               \
	do {                                                                  \
		struct sched_state s_ = now_sched();                          \
		CHECK(s_.policy == SCHED_FIFO && s_.prio == (want),           \
		      "%s: policy %d prio %d, expected SCHED_FIFO %d", what,  \
		      s_.policy, s_.prio, (want));                            \
	} while (0)

#define EXPECT_OWN(own, what)                                                 \
	do {                                                                  \
		struct sched_state s_ = now_sched();                          \
		CHECK(s_.policy == (own).policy && s_.prio == (own).prio,     \
		      "%s: policy %d prio %d, expected own %d/%d", what,      \
		      s_.policy, s_.prio, (own).policy, (own).prio);          \
	} while (0)

static void pp_init(pthread_mutex_t *m, int ceiling, int type)
{
	pthread_mutexattr_t a;
	CHECK_OK(pthread_mutexattr_init(&a));
	CHECK_OK(pthread_mutexattr_settype(&a, type));
	CHECK_OK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT));
	CHECK_OK(pthread_mutexattr_setprioceiling(&a, ceiling));
	CHECK_OK(pthread_mutex_init(m, &a));
	CHECK_OK(pthread_mutexattr_destroy(&a));
	int c;
	CHECK_OK(pthread_mutex_getprioceiling(m, &c));
	CHECK(c == ceiling, "getprioceiling %d, set %d", c, ceiling);
}

static volatile int busy_held, busy_release;

static void *hold_busy(void *arg)
{
	CHECK_OK(pthread_mutex_lock(&busy));
	__atomic_store_n(&busy_held, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&busy_release, __ATOMIC_SEQ_CST))
		fxp_sleep_us(100);
	CHECK_OK(pthread_mutex_unlock(&busy));
	return 0;
}

static volatile int cv_flag;

static void *cv_signaller(void *arg)
{
	CHECK_OK(pthread_mutex_lock(&m20));
	cv_flag = 1;
	CHECK_OK(pthread_cond_signal(&cv));
	CHECK_OK(pthread_mutex_unlock(&m20));
	return 0;
}

static void *checks(void *arg)
{
	const char *who = arg;
	struct sched_state own = now_sched();
	fxp_note("%s: own scheduling policy %d prio %d", who, own.policy,
		 own.prio);

	fxp_step("nested ceilings, released in order");
	CHECK_OK(pthread_mutex_lock(&m20));
	EXPECT_FIFO(20, "holding ceiling 20");
	CHECK_OK(pthread_mutex_lock(&m40));
	EXPECT_FIFO(40, "holding ceilings 20 and 40");
	CHECK_OK(pthread_mutex_unlock(&m40));
	EXPECT_FIFO(20, "released 40, holding 20");
	CHECK_OK(pthread_mutex_unlock(&m20));
	EXPECT_OWN(own, "released both");

	fxp_step("nested ceilings, released out of order");
	CHECK_OK(pthread_mutex_lock(&m20));
	CHECK_OK(pthread_mutex_lock(&m40));
	CHECK_OK(pthread_mutex_unlock(&m20));
	EXPECT_FIFO(40, "released 20, holding 40");
	CHECK_OK(pthread_mutex_unlock(&m40));
	EXPECT_OWN(own, "released both (out of order)");

	fxp_step("two mutexes with the same ceiling");
	CHECK_OK(pthread_mutex_lock(&m20));
	CHECK_OK(pthread_mutex_lock(&m20b));
	CHECK_OK(pthread_mutex_unlock(&m20));
	EXPECT_FIFO(20, "still holding the other ceiling-20 mutex");
	CHECK_OK(pthread_mutex_unlock(&m20b));
	EXPECT_OWN(own, "released both ceiling-20 mutexes");

	fxp_step("recursive PP mutex");
	CHECK_OK(pthread_mutex_lock(&mrec));
	CHECK_OK(pthread_mutex_lock(&mrec));
	CHECK_OK(pthread_mutex_unlock(&mrec));
	EXPECT_FIFO(20, "recursive mutex still held once");
	CHECK_OK(pthread_mutex_unlock(&mrec));
	EXPECT_OWN(own, "recursive mutex released");

	fxp_step("trylock raises; failed trylock/timedlock do not");
	CHECK_OK(pthread_mutex_trylock(&m40));
	EXPECT_FIFO(40, "trylock on ceiling 40");
	CHECK_OK(pthread_mutex_unlock(&m40));
	EXPECT_OWN(own, "after trylock+unlock");
	pthread_t holder;
	busy_held = busy_release = 0;
	CHECK_OK(pthread_create(&holder, 0, hold_busy, 0));
	while (!__atomic_load_n(&busy_held, __ATOMIC_SEQ_CST))
		fxp_sleep_us(100);
	CHECK_RC(pthread_mutex_trylock(&busy), EBUSY);
	EXPECT_OWN(own, "after a failed trylock");
	struct timespec past = fxp_after_ms(CLOCK_REALTIME, -1000);
	CHECK_RC(pthread_mutex_timedlock(&busy, &past), ETIMEDOUT);
	EXPECT_OWN(own, "after a timed-out timedlock");
	struct timespec soon = fxp_after_ms(CLOCK_REALTIME, 20);
	CHECK_RC(pthread_mutex_timedlock(&busy, &soon), ETIMEDOUT);
	EXPECT_OWN(own, "after a timedlock that slept and timed out");
	__atomic_store_n(&busy_release, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_join(holder, 0));

	fxp_step("condvar wait releases and retakes the ceiling");
	cv_flag = 0;
	CHECK_OK(pthread_mutex_lock(&m20));
	EXPECT_FIFO(20, "before the wait");
	pthread_t sig;
	CHECK_OK(pthread_create(&sig, 0, cv_signaller, 0));
	while (!cv_flag)
		CHECK_OK(pthread_cond_wait(&cv, &m20));
	EXPECT_FIFO(20, "after the wait returned");
	CHECK_OK(pthread_mutex_unlock(&m20));
	EXPECT_OWN(own, "after unlock following the wait");
	CHECK_OK(pthread_join(sig, 0));

	/* POSIX has setprioceiling lock the mutex first, so on a NORMAL
	 * mutex the holder would deadlock (glibc too); the recursive type
	 * is the one a holder may re-ceiling. */
	fxp_step("setprioceiling on a held recursive mutex");
	CHECK_OK(pthread_mutex_lock(&mrec));
	EXPECT_FIFO(20, "holding the recursive ceiling-20 mutex");
	int old = -1;
	CHECK_OK(pthread_mutex_setprioceiling(&mrec, 35, &old));
	CHECK(old == 20, "old ceiling %d", old);
	int c;
	CHECK_OK(pthread_mutex_getprioceiling(&mrec, &c));
	CHECK(c == 35, "ceiling now %d", c);
	EXPECT_FIFO(35, "holder after raising the ceiling of its mutex");
	CHECK_OK(pthread_mutex_unlock(&mrec));
	EXPECT_OWN(own, "after unlock of the re-ceilinged mutex");

	fxp_step("setprioceiling on a free mutex");
	CHECK_OK(pthread_mutex_setprioceiling(&mrec, 20, &old));
	CHECK(old == 35, "old ceiling %d", old);
	CHECK_OK(pthread_mutex_getprioceiling(&mrec, &c));
	CHECK(c == 20, "ceiling now %d", c);
	EXPECT_OWN(own, "after setprioceiling on a free mutex");
	CHECK_OK(pthread_mutex_lock(&mrec));
	EXPECT_FIFO(20, "locking it again uses the new ceiling");
	CHECK_OK(pthread_mutex_unlock(&mrec));
	EXPECT_OWN(own, "and releasing it restores");
	return 0;
}

static void *above_ceiling(void *arg)
{
	struct sched_state own = now_sched();
	CHECK_RC(pthread_mutex_lock(&m20), EINVAL);
	EXPECT_OWN(own, "FIFO 30 after EINVAL from a ceiling-20 mutex");
	CHECK_OK(pthread_mutex_lock(&m40));
	EXPECT_FIFO(40, "FIFO 30 holding ceiling 40");
	CHECK_OK(pthread_mutex_unlock(&m40));
	EXPECT_OWN(own, "FIFO 30 after releasing ceiling 40");
	return 0;
}

/* Robust and PRIO_PROTECT together: glibc refuses the combination
 * (pthread_mutex_init: ENOTSUP); a library that accepts it must honour
 * the ceiling like for any other PP mutex. */
static void *robust_ceiling(void *arg)
{
	struct sched_state own = now_sched();
	pthread_mutexattr_t a;
	pthread_mutex_t rm;
	CHECK_OK(pthread_mutexattr_init(&a));
	CHECK_OK(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	CHECK_OK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT));
	CHECK_OK(pthread_mutexattr_setprioceiling(&a, 20));
	int r = pthread_mutex_init(&rm, &a);
	CHECK_OK(pthread_mutexattr_destroy(&a));
	if (r == ENOTSUP) {
		fxp_note("robust + PRIO_PROTECT: pthread_mutex_init says "
			 "ENOTSUP, as glibc");
		return 0;
	}
	CHECK(r == 0, "pthread_mutex_init(robust, PRIO_PROTECT): %d", r);
	CHECK_OK(pthread_mutex_lock(&rm));
	EXPECT_FIFO(20, "holding a robust PRIO_PROTECT mutex of ceiling 20 "
		    "(accepted by pthread_mutex_init, so it must be honoured)");
	CHECK_OK(pthread_mutex_unlock(&rm));
	EXPECT_OWN(own, "after releasing the robust PRIO_PROTECT mutex");
	CHECK_OK(pthread_mutex_destroy(&rm));
	return 0;
}

static void run_as(int policy, int prio, void *(*fn)(void *), const char *who)
{
	pthread_attr_t a;
	struct sched_param sp = { .sched_priority = prio };
	CHECK_OK(pthread_attr_init(&a));
	CHECK_OK(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED));
	CHECK_OK(pthread_attr_setschedpolicy(&a, policy));
	CHECK_OK(pthread_attr_setschedparam(&a, &sp));
	pthread_t t;
	CHECK_OK(pthread_create(&t, &a, fn, (void *)who));
	CHECK_OK(pthread_join(t, 0));
	pthread_attr_destroy(&a);
}

struct who {
	int policy, prio;
	void *(*fn)(void *);
	const char *name;
};

static void run_case(void *p)
{
	struct who *w = p;
	run_as(w->policy, w->prio, w->fn, w->name);
}

int main(void)
{
	fxp_begin("prio_protect_raises_and_restores_priority", 30);
	if (geteuid() != 0) {
		printf("SKIP: needs root for SCHED_FIFO\n");
		return FXP_SKIP;
	}
	struct sched_param probe = { .sched_priority = 1 };
	if (sched_setscheduler(0, SCHED_FIFO, &probe) != 0) {
		printf("SKIP: SCHED_FIFO not permitted here\n");
		return FXP_SKIP;
	}
	probe.sched_priority = 0;
	CHECK(sched_setscheduler(0, SCHED_OTHER, &probe) == 0, "restore");

	pp_init(&m20, 20, PTHREAD_MUTEX_NORMAL);
	pp_init(&m20b, 20, PTHREAD_MUTEX_ERRORCHECK);
	pp_init(&m40, 40, PTHREAD_MUTEX_NORMAL);
	pp_init(&mrec, 20, PTHREAD_MUTEX_RECURSIVE);
	pp_init(&busy, 45, PTHREAD_MUTEX_NORMAL);
	CHECK_OK(pthread_cond_init(&cv, 0));

	struct who cases[] = {
		{ SCHED_OTHER, 0, checks, "SCHED_OTHER thread" },
		{ SCHED_FIFO, 10, checks, "SCHED_FIFO 10 thread" },
		{ SCHED_FIFO, 30, above_ceiling,
		  "SCHED_FIFO 30 thread above a ceiling of 20" },
		{ SCHED_OTHER, 0, robust_ceiling,
		  "robust + PRIO_PROTECT mutex" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		failed += fxp_run_case(cases[i].name, run_case, &cases[i], 20);
	fxp_step("summary");
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("PRIO_PROTECT raises to the highest held ceiling, restores "
		 "the caller's own scheduling on release in any order, across "
		 "recursion, failed locks, condvar waits and ceiling changes");
	return 0;
}
