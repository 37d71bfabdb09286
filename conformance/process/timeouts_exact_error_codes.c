/* Absolute timeouts of every timed call give exactly POSIX's answers,
 * whether the object is free or contended.
 *
 * Timeouts, each on the clock the call uses:
 *   past        now - 1 s
 *   now         the clock read just before the call
 *   far         now + 10^6 s
 *   max         { TIME_T_MAX, 999999999 }
 *   neg         { -1, 0 }        (valid per POSIX: long ago)
 *   nsec=-1     { now, -1 }      (invalid)
 *   nsec=1e9    { now, 1000000000 } (invalid)
 *   neg+1e9     { -1, 1000000000 } (invalid; the nsec check comes first)
 *
 * Mutex and rwlock calls (timedlock, clocklock on REALTIME and MONOTONIC,
 * timedrdlock, timedwrlock, clockrdlock, clockwrlock, C11 mtx_timedlock):
 *   free:        every valid timeout: 0 (POSIX: never a timeout when the
 *                lock is free).  Invalid tv_nsec: 0 or EINVAL (POSIX: the
 *                timeout "need not be checked" when the lock is free).
 *   contended:   past, now, neg: ETIMEDOUT.  far, max: 0 once the holder
 *                lets go (it does when the caller sleeps).  Invalid
 *                tv_nsec: EINVAL.
 *   a clock that is neither REALTIME nor MONOTONIC: EINVAL always.
 * Condvar calls (timedwait with a REALTIME and a MONOTONIC condattr,
 * clockwait on both clocks, C11 cnd_timedwait), nobody signalling:
 *   past, now, neg: ETIMEDOUT;  far, max: 0 once signalled;  invalid
 *   tv_nsec or clock: EINVAL.  In every case the mutex is held by the
 *   caller on return (errorcheck: unlock answers 0).  "Contended": another
 *   thread hammers the mutex meanwhile.
 * Each object kind runs in its own child process with a hang detector,
 * so a call that never returns is reported by name.
 */
#include "process_check.h"
#include <threads.h>

enum tmo { T_PAST, T_NOW, T_FAR, T_MAX, T_NEG, T_NEG_NSEC, T_BIG_NSEC,
	   T_NEG_BAD, NTMO };
static const char *tmo_name[NTMO] = { "past", "now", "far", "max", "neg",
				      "nsec=-1", "nsec=1e9", "neg+1e9" };

#define TIME_T_MAX ((time_t)(~(unsigned long)0 >> 1))
#define BAD_CLOCK CLOCK_PROCESS_CPUTIME_ID

static struct timespec make_ts(int t, clockid_t clk)
{
	struct timespec now = fxp_now(clk), ts = now;
	switch (t) {
	case T_PAST: ts.tv_sec -= 1; break;
	case T_NOW: break;
	case T_FAR: ts.tv_sec += 1000000; break;
	case T_MAX: ts.tv_sec = TIME_T_MAX; ts.tv_nsec = 999999999; break;
	case T_NEG: ts.tv_sec = -1; ts.tv_nsec = 0; break;
	case T_NEG_NSEC: ts.tv_nsec = -1; break;
	case T_BIG_NSEC: ts.tv_nsec = 1000000000; break;
	case T_NEG_BAD: ts.tv_sec = -1; ts.tv_nsec = 1000000000; break;
	}
	return ts;
}

static int invalid_nsec(int t)
{
	return t == T_NEG_NSEC || t == T_BIG_NSEC || t == T_NEG_BAD;
}

static int blocks_until_released(int t)
{
	return t == T_FAR || t == T_MAX;
}

static int checked;
static char stepbuf[256];

static void step(const char *obj, const char *op, int t, int contended)
{
	snprintf(stepbuf, sizeof stepbuf, "%s: %s, timeout %s, %s", obj, op,
		 tmo_name[t], contended ? "contended" : "free");
	fxp_step(stepbuf);
}

/* Check a result against the expected one (and an alternative, or -1). */
static void expect(int got, int want, int alt)
{
	checked++;
	CHECK(got == want || (alt >= 0 && got == alt), "got %d (%s), "
	      "expected %d (%s)%s%s", got, strerror(got), want,
	      strerror(want), alt >= 0 ? " or " : "",
	      alt >= 0 ? strerror(alt) : "");
}

/* ------------------------------------------------------------- holder */

/* A thread that holds a lock until told to let go, or until the caller
 * (main) is asleep, for the "far" cases. */
enum hold_kind { H_MUTEX, H_RDLOCK, H_WRLOCK };

struct holder {
	pthread_t t;
	int kind;
	void *obj;
	pid_t victim;
	volatile int held;
	volatile int release;
	volatile int release_when_asleep;
	volatile int calling; /* main is about to make the call */
};

static void *holder_main(void *p)
{
	struct holder *h = p;
	if (h->kind == H_MUTEX)
		CHECK_OK(pthread_mutex_lock(h->obj));
	else if (h->kind == H_RDLOCK)
		CHECK_OK(pthread_rwlock_rdlock(h->obj));
	else
		CHECK_OK(pthread_rwlock_wrlock(h->obj));
	__atomic_store_n(&h->held, 1, __ATOMIC_SEQ_CST);
	int asleep = 0;
	while (!__atomic_load_n(&h->release, __ATOMIC_SEQ_CST)) {
		if (h->release_when_asleep &&
		    __atomic_load_n(&h->calling, __ATOMIC_SEQ_CST)) {
			asleep = fxp_task_state(h->victim) == 'S' ? asleep + 1
								  : 0;
			if (asleep >= 2)
				break;
		}
		fxp_sleep_us(100);
	}
	if (h->kind == H_MUTEX)
		CHECK_OK(pthread_mutex_unlock(h->obj));
	else
		CHECK_OK(pthread_rwlock_unlock(h->obj));
	return 0;
}

static void hold(struct holder *h, int kind, void *obj, int t)
{
	memset(h, 0, sizeof *h);
	h->kind = kind;
	h->obj = obj;
	h->victim = fxp_gettid();
	h->release_when_asleep = blocks_until_released(t);
	CHECK_OK(pthread_create(&h->t, 0, holder_main, h));
	while (!__atomic_load_n(&h->held, __ATOMIC_SEQ_CST))
		fxp_sleep_us(50);
}

static void let_go(struct holder *h)
{
	__atomic_store_n(&h->release, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_join(h->t, 0));
}

/* -------------------------------------------------------------- mutex */

enum mop { M_TIMEDLOCK, M_CLOCK_RT, M_CLOCK_MONO, M_CLOCK_BAD, NMOP };
static const char *mop_name[NMOP] = { "pthread_mutex_timedlock",
				      "pthread_mutex_clocklock(REALTIME)",
				      "pthread_mutex_clocklock(MONOTONIC)",
				      "pthread_mutex_clocklock(CPUTIME)" };

static int mutex_call(pthread_mutex_t *m, int op, int t)
{
	clockid_t clk = op == M_CLOCK_MONO ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	struct timespec ts = make_ts(t, clk);
	switch (op) {
	case M_TIMEDLOCK: return pthread_mutex_timedlock(m, &ts);
	case M_CLOCK_RT: return pthread_mutex_clocklock(m, CLOCK_REALTIME, &ts);
	case M_CLOCK_MONO:
		return pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &ts);
	default: return pthread_mutex_clocklock(m, BAD_CLOCK, &ts);
	}
}

static void mutex_cases(void *p)
{
	const struct fxp_mutex_kind *k = p;
	pthread_mutex_t *m = fxp_shared_alloc(4096);
	fxp_mutex_init(m, k);
	for (int op = 0; op < NMOP; op++) {
		for (int t = 0; t < NTMO; t++) {
			fxp_progress();
			step(k->name, mop_name[op], t, 0);
			int r = mutex_call(m, op, t);
			if (op == M_CLOCK_BAD)
				expect(r, EINVAL, -1);
			else if (invalid_nsec(t))
				expect(r, 0, EINVAL);
			else
				expect(r, 0, -1);
			if (r == 0)
				CHECK_OK(pthread_mutex_unlock(m));

			step(k->name, mop_name[op], t, 1);
			struct holder h;
			hold(&h, H_MUTEX, m, t);
			__atomic_store_n(&h.calling, 1, __ATOMIC_SEQ_CST);
			r = mutex_call(m, op, t);
			let_go(&h);
			if (op == M_CLOCK_BAD || invalid_nsec(t))
				expect(r, EINVAL, -1);
			else if (blocks_until_released(t))
				expect(r, 0, -1);
			else
				expect(r, ETIMEDOUT, -1);
			if (r == 0)
				CHECK_OK(pthread_mutex_unlock(m));
		}
	}
	CHECK_OK(pthread_mutex_destroy(m));
	fxp_note("%s: %d results as expected", k->name, checked);
}

/* ------------------------------------------------------------- rwlock */

enum rop { R_TIMEDRD, R_TIMEDWR, R_CLOCKRD_RT, R_CLOCKRD_MONO, R_CLOCKRD_BAD,
	   R_CLOCKWR_RT, R_CLOCKWR_MONO, R_CLOCKWR_BAD, NROP };
static const char *rop_name[NROP] = {
	"pthread_rwlock_timedrdlock", "pthread_rwlock_timedwrlock",
	"pthread_rwlock_clockrdlock(REALTIME)",
	"pthread_rwlock_clockrdlock(MONOTONIC)",
	"pthread_rwlock_clockrdlock(CPUTIME)",
	"pthread_rwlock_clockwrlock(REALTIME)",
	"pthread_rwlock_clockwrlock(MONOTONIC)",
	"pthread_rwlock_clockwrlock(CPUTIME)",
};

static int rw_is_bad_clock(int op)
{
	return op == R_CLOCKRD_BAD || op == R_CLOCKWR_BAD;
}

static int rw_is_write(int op)
{
	return op == R_TIMEDWR || op >= R_CLOCKWR_RT;
}

static int rw_call(pthread_rwlock_t *rw, int op, int t)
{
	clockid_t clk = (op == R_CLOCKRD_MONO || op == R_CLOCKWR_MONO)
				? CLOCK_MONOTONIC
				: CLOCK_REALTIME;
	struct timespec ts = make_ts(t, clk);
	switch (op) {
	case R_TIMEDRD: return pthread_rwlock_timedrdlock(rw, &ts);
	case R_TIMEDWR: return pthread_rwlock_timedwrlock(rw, &ts);
	case R_CLOCKRD_RT:
		return pthread_rwlock_clockrdlock(rw, CLOCK_REALTIME, &ts);
	case R_CLOCKRD_MONO:
		return pthread_rwlock_clockrdlock(rw, CLOCK_MONOTONIC, &ts);
	case R_CLOCKRD_BAD:
		return pthread_rwlock_clockrdlock(rw, BAD_CLOCK, &ts);
	case R_CLOCKWR_RT:
		return pthread_rwlock_clockwrlock(rw, CLOCK_REALTIME, &ts);
	case R_CLOCKWR_MONO:
		return pthread_rwlock_clockwrlock(rw, CLOCK_MONOTONIC, &ts);
	default: return pthread_rwlock_clockwrlock(rw, BAD_CLOCK, &ts);
	}
}

struct rw_arg {
	const char *name;
	int kind;
	int pshared;
};

static void rwlock_cases(void *p)
{
	struct rw_arg *a = p;
	pthread_rwlock_t *rw = fxp_shared_alloc(4096);
	pthread_rwlockattr_t ra;
	CHECK_OK(pthread_rwlockattr_init(&ra));
	CHECK_OK(pthread_rwlockattr_setkind_np(&ra, a->kind));
	CHECK_OK(pthread_rwlockattr_setpshared(&ra, a->pshared));
	CHECK_OK(pthread_rwlock_init(rw, &ra));
	for (int op = 0; op < NROP; op++) {
		for (int t = 0; t < NTMO; t++) {
			fxp_progress();
			step(a->name, rop_name[op], t, 0);
			int r = rw_call(rw, op, t);
			if (rw_is_bad_clock(op))
				expect(r, EINVAL, -1);
			else if (invalid_nsec(t))
				expect(r, 0, EINVAL);
			else
				expect(r, 0, -1);
			if (r == 0)
				CHECK_OK(pthread_rwlock_unlock(rw));

			/* contended: a writer holds it (for readers and
			 * writers), and readers hold it (for writers) */
			for (int by = H_WRLOCK; by >= H_RDLOCK; by--) {
				if (by == H_RDLOCK && !rw_is_write(op))
					break;
				step(a->name, rop_name[op], t, 1);
				struct holder h;
				hold(&h, by, rw, t);
				__atomic_store_n(&h.calling, 1,
						 __ATOMIC_SEQ_CST);
				r = rw_call(rw, op, t);
				let_go(&h);
				if (rw_is_bad_clock(op) || invalid_nsec(t))
					expect(r, EINVAL, -1);
				else if (blocks_until_released(t))
					expect(r, 0, -1);
				else
					expect(r, ETIMEDOUT, -1);
				if (r == 0)
					CHECK_OK(pthread_rwlock_unlock(rw));
			}
		}
	}
	CHECK_OK(pthread_rwlock_destroy(rw));
	fxp_note("%s: %d results as expected", a->name, checked);
}

/* ------------------------------------------------------------ condvar */

enum cop { C_TIMED_RT, C_TIMED_MONO, C_CLOCK_RT, C_CLOCK_MONO, C_CLOCK_BAD,
	   NCOP };
static const char *cop_name[NCOP] = {
	"pthread_cond_timedwait(condattr REALTIME)",
	"pthread_cond_timedwait(condattr MONOTONIC)",
	"pthread_cond_clockwait(REALTIME)",
	"pthread_cond_clockwait(MONOTONIC)",
	"pthread_cond_clockwait(CPUTIME)",
};

struct cond_env {
	pthread_mutex_t *m;
	pthread_cond_t *c_rt, *c_mono;
	volatile int calling;
	volatile int hammer_stop;
};

static int cond_call(struct cond_env *e, int op, int t)
{
	clockid_t clk = (op == C_TIMED_MONO || op == C_CLOCK_MONO)
				? CLOCK_MONOTONIC
				: CLOCK_REALTIME;
	struct timespec ts = make_ts(t, clk);
	switch (op) {
	case C_TIMED_RT: return pthread_cond_timedwait(e->c_rt, e->m, &ts);
	case C_TIMED_MONO:
		return pthread_cond_timedwait(e->c_mono, e->m, &ts);
	case C_CLOCK_RT:
		return pthread_cond_clockwait(e->c_rt, e->m, CLOCK_REALTIME,
					      &ts);
	case C_CLOCK_MONO:
		return pthread_cond_clockwait(e->c_rt, e->m, CLOCK_MONOTONIC,
					      &ts);
	default:
		return pthread_cond_clockwait(e->c_rt, e->m, BAD_CLOCK, &ts);
	}
}

/* Signals once main is inside the wait: its lock succeeds only after
 * main released the mutex in pthread_cond_wait. */
static void *cond_signaller(void *p)
{
	struct cond_env *e = p;
	while (!__atomic_load_n(&e->calling, __ATOMIC_SEQ_CST))
		fxp_sleep_us(50);
	CHECK_OK(pthread_mutex_lock(e->m));
	CHECK_OK(pthread_cond_broadcast(e->c_rt));
	CHECK_OK(pthread_cond_broadcast(e->c_mono));
	CHECK_OK(pthread_mutex_unlock(e->m));
	return 0;
}

static void *cond_hammer(void *p)
{
	struct cond_env *e = p;
	while (!__atomic_load_n(&e->hammer_stop, __ATOMIC_SEQ_CST)) {
		CHECK_OK(pthread_mutex_lock(e->m));
		fxp_sleep_us(20);
		CHECK_OK(pthread_mutex_unlock(e->m));
		fxp_sleep_us(20);
	}
	return 0;
}

static void cond_cases(void *p)
{
	const struct fxp_mutex_kind *k = p;
	char *mem = fxp_shared_alloc(4096);
	struct cond_env e = { .m = (pthread_mutex_t *)mem,
			      .c_rt = (pthread_cond_t *)(mem + 64),
			      .c_mono = (pthread_cond_t *)(mem + 128) };
	fxp_mutex_init(e.m, k);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, k->pshared));
	CHECK_OK(pthread_cond_init(e.c_rt, &ca));
	CHECK_OK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC));
	CHECK_OK(pthread_cond_init(e.c_mono, &ca));
	for (int contended = 0; contended < 2; contended++) {
		pthread_t hammer;
		e.hammer_stop = 0;
		if (contended)
			CHECK_OK(pthread_create(&hammer, 0, cond_hammer, &e));
		for (int op = 0; op < NCOP; op++) {
			for (int t = 0; t < NTMO; t++) {
				fxp_progress();
				step(k->name, cop_name[op], t, contended);
				pthread_t sig;
				int signalled = blocks_until_released(t) &&
						op != C_CLOCK_BAD;
				e.calling = 0;
				if (signalled)
					CHECK_OK(pthread_create(&sig, 0,
								cond_signaller,
								&e));
				CHECK_OK(pthread_mutex_lock(e.m));
				__atomic_store_n(&e.calling, 1,
						 __ATOMIC_SEQ_CST);
				int r = cond_call(&e, op, t);
				/* held by us on return, whatever r is */
				CHECK_OK(pthread_mutex_unlock(e.m));
				if (signalled)
					CHECK_OK(pthread_join(sig, 0));
				if (op == C_CLOCK_BAD || invalid_nsec(t))
					expect(r, EINVAL, -1);
				else if (signalled)
					expect(r, 0, -1);
				else
					expect(r, ETIMEDOUT, -1);
			}
		}
		if (contended) {
			__atomic_store_n(&e.hammer_stop, 1, __ATOMIC_SEQ_CST);
			CHECK_OK(pthread_join(hammer, 0));
		}
	}
	CHECK_OK(pthread_cond_destroy(e.c_rt));
	CHECK_OK(pthread_cond_destroy(e.c_mono));
	CHECK_OK(pthread_mutex_destroy(e.m));
	fxp_note("condvar with %s mutex: %d results as expected", k->name,
		 checked);
}

/* ---------------------------------------------------------------- C11 */

static mtx_t c11m;
static volatile int c11_held, c11_release;

static void *c11_holder(void *p)
{
	CHECK(mtx_lock(&c11m) == thrd_success, "mtx_lock");
	c11_held = 1;
	while (!c11_release)
		fxp_sleep_us(100);
	CHECK(mtx_unlock(&c11m) == thrd_success, "mtx_unlock");
	return 0;
}

static void c11_cases(void *p)
{
	CHECK(mtx_init(&c11m, mtx_timed) == thrd_success, "mtx_init");
	cnd_t cv;
	CHECK(cnd_init(&cv) == thrd_success, "cnd_init");
	static const int tmos[] = { T_PAST, T_NOW, T_NEG, T_NEG_NSEC,
				    T_BIG_NSEC };
	for (size_t i = 0; i < sizeof tmos / sizeof tmos[0]; i++) {
		int t = tmos[i];
		struct timespec ts = make_ts(t, CLOCK_REALTIME);
		step("C11", "mtx_timedlock", t, 0);
		int r = mtx_timedlock(&c11m, &ts);
		checked++;
		CHECK(r == thrd_success ||
		      (invalid_nsec(t) && r == thrd_error), "got %d", r);
		if (r == thrd_success)
			mtx_unlock(&c11m);

		step("C11", "mtx_timedlock", t, 1);
		pthread_t h;
		c11_held = c11_release = 0;
		CHECK_OK(pthread_create(&h, 0, c11_holder, 0));
		while (!c11_held)
			fxp_sleep_us(50);
		ts = make_ts(t, CLOCK_REALTIME);
		r = mtx_timedlock(&c11m, &ts);
		c11_release = 1;
		CHECK_OK(pthread_join(h, 0));
		checked++;
		CHECK(r == (invalid_nsec(t) ? thrd_error : thrd_timedout),
		      "got %d, expected %s", r,
		      invalid_nsec(t) ? "thrd_error" : "thrd_timedout");

		step("C11", "cnd_timedwait", t, 0);
		CHECK(mtx_lock(&c11m) == thrd_success, "mtx_lock");
		ts = make_ts(t, CLOCK_REALTIME);
		r = cnd_timedwait(&cv, &c11m, &ts);
		CHECK(mtx_unlock(&c11m) == thrd_success, "mutex not held after "
		      "cnd_timedwait");
		checked++;
		CHECK(r == (invalid_nsec(t) ? thrd_error : thrd_timedout),
		      "got %d, expected %s", r,
		      invalid_nsec(t) ? "thrd_error" : "thrd_timedout");
	}
	cnd_destroy(&cv);
	mtx_destroy(&c11m);
	fxp_note("C11: %d results as expected", checked);
}

int main(void)
{
	fxp_begin("timeouts_exact_error_codes", 45);
	int failed = 0;
	char name[128];
	static const struct fxp_mutex_kind mk[] = {
		{ "normal", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "adaptive", PTHREAD_MUTEX_ADAPTIVE_NP, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "pshared normal", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_SHARED },
		{ "robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "pshared robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_SHARED },
		{ "PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "robust PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "PRIO_PROTECT", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_PROTECT, PTHREAD_PROCESS_PRIVATE },
	};
	for (size_t i = 0; i < sizeof mk / sizeof mk[0]; i++) {
		snprintf(name, sizeof name, "mutex %s", mk[i].name);
		failed += fxp_run_case(name, mutex_cases, (void *)&mk[i], 20);
	}
	struct rw_arg rk[] = {
		{ "rwlock default", PTHREAD_RWLOCK_DEFAULT_NP,
		  PTHREAD_PROCESS_PRIVATE },
		{ "rwlock prefer-writer-nonrecursive",
		  PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
		  PTHREAD_PROCESS_PRIVATE },
		{ "rwlock pshared", PTHREAD_RWLOCK_DEFAULT_NP,
		  PTHREAD_PROCESS_SHARED },
	};
	for (size_t i = 0; i < sizeof rk / sizeof rk[0]; i++)
		failed += fxp_run_case(rk[i].name, rwlock_cases, &rk[i], 20);
	static const struct fxp_mutex_kind ck[] = {
		{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck PI", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck robust", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE,
		  PTHREAD_PROCESS_PRIVATE },
		{ "pshared errorcheck", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
		  PTHREAD_PROCESS_SHARED },
	};
	for (size_t i = 0; i < sizeof ck / sizeof ck[0]; i++) {
		snprintf(name, sizeof name, "condvar, %s mutex", ck[i].name);
		failed += fxp_run_case(name, cond_cases, (void *)&ck[i], 20);
	}
	failed += fxp_run_case("C11 mtx_timedlock / cnd_timedwait", c11_cases,
			       0, 20);
	fxp_step("summary");
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("every timed call answered as POSIX requires, free and "
		 "contended, for every timeout");
	return 0;
}
