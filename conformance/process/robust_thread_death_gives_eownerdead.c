/* A thread that dies holding a robust mutex hands the next owner
 * EOWNERDEAD, whichever call takes the mutex next.
 *
 * Each case runs ROUNDS rounds, for a private and for a process-shared
 * robust mutex, and the dying thread varies between returning from its
 * start routine, pthread_exit() and being cancelled while it waits.
 *
 * Owner gone before the next call (cases lock, trylock, timedlock,
 * clocklock):
 *   1. T locks m and dies.
 *   2. main joins T (the kernel has walked T's robust list by then).
 *   3. main takes m through the entry point under test: EOWNERDEAD;
 *      pthread_mutex_consistent, unlock, and m works normally again.
 *
 * Waiter already asleep when the owner dies (blocked-lock,
 * blocked-timedlock):
 *   1. T locks m, then waits for a go.
 *   2. W calls lock (or timedlock with a far deadline) on m: it sets
 *      FUTEX_WAITERS and sleeps in the kernel (main sees W asleep).
 *   3. T dies.  The kernel sets FUTEX_OWNER_DIED and wakes one waiter.
 *   4. W returns EOWNERDEAD.
 *
 * The relock inside a condvar wait (pthread_cond_wait, and
 * pthread_cond_timedwait with a far deadline):
 *   owner died, then signal
 *     1. W locks m and waits on c.
 *     2. T locks m (possible only once W released it inside the wait)
 *        and dies.
 *     3. main signals c.  4. W's wait returns EOWNERDEAD.
 *   relock asleep when owner dies
 *     1. W locks m and waits on c.
 *     2. T locks m and signals c.  W wakes and sleeps on m (main sees
 *        FUTEX_WAITERS, which only W can set, and W asleep).
 *     3. T dies.  4. W's wait returns EOWNERDEAD.
 *   the deadline passes after the owner died
 *     1. W locks m.  2. T calls lock(m) and sleeps on it.
 *     3. W calls pthread_cond_timedwait(c, m, now + 10 ms), which
 *        releases m: T takes it and dies.
 *     4. W's deadline passes; its relock finds the owner dead and the
 *        wait returns EOWNERDEAD, not ETIMEDOUT.
 *     (If W's deadline passed before T took m in step 3, W has m back
 *     with ETIMEDOUT and the round says nothing: W releases m, and the
 *     round is repeated.  Only the hang detector bounds the repeats.)
 */
#include "process_check.h"
#include <semaphore.h>

#define ROUNDS 100

struct round {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	sem_t go;	     /* T: die now */
	volatile pid_t t_tid;
	volatile pid_t w_tid;
	int how;	     /* 0 return, 1 pthread_exit, 2 cancelled */
	int wait_for_go;
	int signal_c;	     /* T signals c after locking */
	volatile int w_waiting; /* W holds m and is about to wait on c */
	volatile int w_go;	/* W may call the wait now */
	int w_result;
	int w_op;
};

enum w_op { W_LOCK, W_TIMEDLOCK, W_COND_WAIT, W_COND_TIMEDWAIT_FAR,
	    W_COND_TIMEDWAIT_SHORT };

static void *owner_dies(void *arg)
{
	struct round *r = arg;
	r->t_tid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(r->m));
	CHECK((fxp_word(r->m) & FUTEX_TID_MASK) == (uint32_t)r->t_tid,
	      "word %#x while held by %d", fxp_word(r->m), (int)r->t_tid);
	if (r->signal_c)
		CHECK_OK(pthread_cond_signal(r->c));
	if (r->wait_for_go || r->how == 2) {
		/* sem_wait is a cancellation point: case 2 dies in here. */
		while (sem_wait(&r->go) != 0)
			;
	}
	if (r->how == 1)
		pthread_exit(0);
	return 0;
}

static void *waiter(void *arg)
{
	struct round *r = arg;
	r->w_tid = fxp_gettid();
	struct timespec far = fxp_after_ms(CLOCK_REALTIME, 3600 * 1000);
	struct timespec soon;
	switch (r->w_op) {
	case W_LOCK:
		r->w_result = pthread_mutex_lock(r->m);
		break;
	case W_TIMEDLOCK:
		r->w_result = pthread_mutex_timedlock(r->m, &far);
		break;
	default:
		CHECK_OK(pthread_mutex_lock(r->m));
		__atomic_store_n(&r->w_waiting, 1, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&r->w_go, __ATOMIC_SEQ_CST))
			fxp_sleep_us(50);
		if (r->w_op == W_COND_WAIT) {
			r->w_result = pthread_cond_wait(r->c, r->m);
		} else if (r->w_op == W_COND_TIMEDWAIT_FAR) {
			r->w_result = pthread_cond_timedwait(r->c, r->m, &far);
		} else {
			soon = fxp_after_ms(CLOCK_REALTIME, 10);
			r->w_result = pthread_cond_timedwait(r->c, r->m, &soon);
			if (r->w_result == ETIMEDOUT)
				CHECK_OK(pthread_mutex_unlock(r->m));
		}
		break;
	}
	/* EOWNERDEAD made W the owner: W repairs and releases m. */
	if (r->w_result == EOWNERDEAD) {
		CHECK_OK(pthread_mutex_consistent(r->m));
		CHECK_OK(pthread_mutex_unlock(r->m));
	}
	return 0;
}

static void start(pthread_t *t, void *(*fn)(void *), struct round *r)
{
	CHECK_OK(pthread_create(t, 0, fn, r));
}

/* T is alive and holds m; make it die the way this round asks. */
static void kill_owner(pthread_t t, struct round *r)
{
	if (r->how == 2)
		CHECK_OK(pthread_cancel(t));
	else
		CHECK(sem_post(&r->go) == 0, "sem_post");
	void *ret;
	CHECK_OK(pthread_join(t, &ret));
	if (r->how == 2)
		CHECK(ret == PTHREAD_CANCELED, "T was not cancelled");
}

/* After EOWNERDEAD: repair and prove the mutex works. */
static void recover(pthread_mutex_t *m)
{
	CHECK_OK(pthread_mutex_consistent(m));
	CHECK_OK(pthread_mutex_unlock(m));
	CHECK_OK(pthread_mutex_lock(m));
	CHECK_OK(pthread_mutex_unlock(m));
}

/* Wait until W sleeps on m: FUTEX_WAITERS set and W asleep. */
static void wait_w_blocked_on_m(struct round *r)
{
	while (!(fxp_word(r->m) & FUTEX_WAITERS))
		fxp_sleep_us(100);
	fxp_wait_asleep(r->w_tid);
}

static void init_round(struct round *r, pthread_mutex_t *m,
		       pthread_cond_t *c, int pshared, int i)
{
	memset(r, 0, sizeof *r);
	r->m = m;
	r->c = c;
	r->how = i % 3;
	CHECK(sem_init(&r->go, 0, 0) == 0, "sem_init");
	fxp_robust_init(m, pshared, PTHREAD_PRIO_NONE);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, pshared));
	CHECK_OK(pthread_cond_init(c, &ca));
}

static void fini_round(struct round *r)
{
	CHECK_OK(pthread_cond_destroy(r->c));
	CHECK_OK(pthread_mutex_destroy(r->m));
	sem_destroy(&r->go);
}

enum entry { E_LOCK, E_TRYLOCK, E_TIMEDLOCK, E_CLOCKLOCK_MONO,
	     E_CLOCKLOCK_REAL };

struct case_arg {
	int pshared;
	int entry;
};

static void *shm;

static void owner_gone_first(void *p)
{
	struct case_arg *a = p;
	pthread_mutex_t *m = shm;
	pthread_cond_t *c = (pthread_cond_t *)((char *)shm + 64);
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		struct round r;
		pthread_t t;
		init_round(&r, m, c, a->pshared, i);
		r.wait_for_go = 1;
		start(&t, owner_dies, &r);
		while (!(fxp_word(m) & FUTEX_TID_MASK))
			fxp_sleep_us(50);
		kill_owner(t, &r);
		struct timespec ts;
		int rc = -1;
		switch (a->entry) {
		case E_LOCK:
			rc = pthread_mutex_lock(m);
			break;
		case E_TRYLOCK:
			rc = pthread_mutex_trylock(m);
			break;
		case E_TIMEDLOCK:
			ts = fxp_after_ms(CLOCK_REALTIME, 10000);
			rc = pthread_mutex_timedlock(m, &ts);
			break;
		case E_CLOCKLOCK_MONO:
			ts = fxp_after_ms(CLOCK_MONOTONIC, 10000);
			rc = pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &ts);
			break;
		case E_CLOCKLOCK_REAL:
			ts = fxp_after_ms(CLOCK_REALTIME, 10000);
			rc = pthread_mutex_clocklock(m, CLOCK_REALTIME, &ts);
			break;
		}
		CHECK(rc == EOWNERDEAD, "round %d (owner %s): got %d (%s), "
		      "expected EOWNERDEAD", i,
		      r.how == 0 ? "returned" : r.how == 1 ? "pthread_exit"
							    : "cancelled",
		      rc, strerror(rc));
		recover(m);
		fini_round(&r);
	}
}

static void waiter_blocked_first(void *p)
{
	struct case_arg *a = p;
	pthread_mutex_t *m = shm;
	pthread_cond_t *c = (pthread_cond_t *)((char *)shm + 64);
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		struct round r;
		pthread_t t, w;
		init_round(&r, m, c, a->pshared, i);
		r.wait_for_go = 1;
		r.w_op = a->entry == E_LOCK ? W_LOCK : W_TIMEDLOCK;
		start(&t, owner_dies, &r);
		while (!(fxp_word(m) & FUTEX_TID_MASK))
			fxp_sleep_us(50);
		start(&w, waiter, &r);
		wait_w_blocked_on_m(&r);
		kill_owner(t, &r);
		CHECK_OK(pthread_join(w, 0));
		CHECK(r.w_result == EOWNERDEAD, "round %d: blocked waiter got "
		      "%d (%s), expected EOWNERDEAD", i, r.w_result,
		      strerror(r.w_result));
		CHECK_OK(pthread_mutex_lock(m));
		CHECK_OK(pthread_mutex_unlock(m));
		fini_round(&r);
	}
}

enum cond_case { C_DIED_THEN_SIGNAL, C_RELOCK_BLOCKED, C_DEADLINE };

struct cond_arg {
	int pshared;
	int which;
	int timed; /* timedwait with a far deadline instead of wait */
};

static void cond_relock(void *p)
{
	struct cond_arg *a = p;
	pthread_mutex_t *m = shm;
	pthread_cond_t *c = (pthread_cond_t *)((char *)shm + 64);
	int repeats = 0;
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		struct round r;
		pthread_t t, w;
		init_round(&r, m, c, a->pshared, i);
		r.w_op = a->which == C_DEADLINE ? W_COND_TIMEDWAIT_SHORT
			 : a->timed		? W_COND_TIMEDWAIT_FAR
						: W_COND_WAIT;
		r.wait_for_go = a->which == C_RELOCK_BLOCKED;
		r.signal_c = a->which == C_RELOCK_BLOCKED;
		start(&w, waiter, &r);
		while (!__atomic_load_n(&r.w_waiting, __ATOMIC_SEQ_CST))
			fxp_sleep_us(50);
		if (a->which == C_DEADLINE) {
			/* T queues on m while W still holds it. */
			start(&t, owner_dies, &r);
			while (!(fxp_word(m) & FUTEX_WAITERS))
				fxp_sleep_us(50);
			while (!r.t_tid)
				fxp_sleep_us(50);
			fxp_wait_asleep(r.t_tid);
			__atomic_store_n(&r.w_go, 1, __ATOMIC_SEQ_CST);
			/* T dies once it has m (a cancel waits for the
			 * cancellation point after the lock). */
			kill_owner(t, &r);
			CHECK_OK(pthread_join(w, 0));
			if (r.w_result == ETIMEDOUT) {
				/* W's deadline beat T to m: repeat. */
				CHECK_RC(pthread_mutex_lock(m), EOWNERDEAD);
				recover(m);
				fini_round(&r);
				i--;
				repeats++;
				continue;
			}
		} else {
			__atomic_store_n(&r.w_go, 1, __ATOMIC_SEQ_CST);
			/* T's lock succeeds only once W has released m
			 * inside the wait: T runs strictly after W became a
			 * waiter. */
			start(&t, owner_dies, &r);
			if (a->which == C_RELOCK_BLOCKED) {
				wait_w_blocked_on_m(&r);
				kill_owner(t, &r);
			} else {
				/* Joined: T had m when it died. */
				kill_owner(t, &r);
				CHECK_OK(pthread_cond_signal(c));
			}
			CHECK_OK(pthread_join(w, 0));
		}
		CHECK(r.w_result == EOWNERDEAD, "round %d: condvar waiter got "
		      "%d (%s), expected EOWNERDEAD", i, r.w_result,
		      strerror(r.w_result));
		CHECK_OK(pthread_mutex_lock(m));
		CHECK_OK(pthread_mutex_unlock(m));
		fini_round(&r);
	}
	if (repeats)
		fxp_note("%d round(s) repeated: the deadline came first",
			 repeats);
}

int main(void)
{
	fxp_begin("robust_thread_death_gives_eownerdead", 45);
	shm = fxp_shared_alloc(4096);
	static const char *entry_name[] = { "lock", "trylock", "timedlock",
					    "clocklock(MONOTONIC)",
					    "clocklock(REALTIME)" };
	int failed = 0;
	char name[128];
	for (int ps = 0; ps < 2; ps++) {
		const char *kind = ps ? "pshared" : "private";
		for (int e = E_LOCK; e <= E_CLOCKLOCK_REAL; e++) {
			struct case_arg a = { ps, e };
			snprintf(name, sizeof name,
				 "%s robust, owner died, then %s",
				 kind, entry_name[e]);
			failed += fxp_run_case(name, owner_gone_first, &a, 20);
		}
		for (int e = E_LOCK; e <= E_TIMEDLOCK; e += 2) {
			struct case_arg a = { ps, e };
			snprintf(name, sizeof name,
				 "%s robust, %s waiter asleep when owner dies",
				 kind, entry_name[e]);
			failed += fxp_run_case(name, waiter_blocked_first, &a,
					       20);
		}
		static const char *cond_name[] = {
			"owner died, then signal",
			"relock asleep when owner dies",
			"owner died, then the deadline passed",
		};
		for (int w = C_DIED_THEN_SIGNAL; w <= C_DEADLINE; w++) {
			for (int timed = 0; timed < 2; timed++) {
				if (w == C_DEADLINE && !timed)
					continue;
				struct cond_arg a = { ps, w, timed };
				snprintf(name, sizeof name, "%s robust, %s: %s",
					 kind,
					 timed ? "cond_timedwait" : "cond_wait",
					 cond_name[w]);
				failed += fxp_run_case(name, cond_relock, &a,
						       20);
			}
		}
	}
	CHECK(failed == 0, "%d case(s) failed", failed);
	fxp_pass("EOWNERDEAD through lock, trylock, timedlock, clocklock, "
		 "blocked waiters and condvar relock, %d rounds each",
		 ROUNDS);
	return 0;
}
