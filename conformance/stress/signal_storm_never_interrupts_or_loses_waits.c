/* A storm of SIGUSR1 against threads blocked in every kind of wait.
 *
 * One thread sends SIGUSR1 as fast as it can, to each worker in turn
 * (pthread_kill) and now and then to the process; the handler only counts.
 * Phases alternate a handler installed with SA_RESTART and one without, so
 * the futex waits underneath return EINTR to the library half the time.
 * The workers, all contending so that they really sleep in the kernel:
 *
 *   mutex     4 threads pthread_mutex_lock (kind rotates per phase);
 *             2 threads timedlock / clocklock with deadlines 0-1 ms ahead
 *   cond      1 producer, 3 consumers, one token at a time; consumers use
 *             pthread_cond_wait (or, every other phase pair, timedwait and
 *             clockwait); alternate phases use C11 mtx_t/cnd_t
 *   rwlock    2 writers (wrlock, timedwrlock, clockwrlock) and 3 readers
 *             (rdlock, timedrdlock, clockrdlock); kind rotates
 *   barrier   3 threads, round after round
 *
 * Invariants checked:
 *   1. No wait returns EINTR: lock, wait and barrier calls return 0 (or
 *      the serial value), timed ones 0 or ETIMEDOUT (thrd_success or
 *      thrd_timedout).  On fxpthread, errno is unchanged by every call.
 *   2. ETIMEDOUT never comes early: the clock has passed the deadline.
 *   3. Mutual exclusion (mutex, rwlock writers vs everyone).
 *   4. No lost wakeup: with untimed consumers, a token left untaken for
 *      10 s while consumers wait fails the run (tokens produced one at a
 *      time, each with one signal or broadcast); produced == consumed.
 *   5. Barrier: exactly one serial thread per round, in round order, and
 *      no thread leaves round r before all arrived at it.
 *   6. Exact totals per phase.
 *   7. With PREFER_WRITER_NONRECURSIVE, no writer waits 10 s (the
 *      readers' stream cannot starve it).
 *
 *   -n  signal sender pause scale: 0-n microseconds between sweeps
 *       (default 1: a storm)
 */
#include <threads.h>
#include "stress.h"

#define N_MUTEX 4
#define N_TIMED 2
#define N_CONS 3
#define N_WRITERS 2
#define N_READERS 3
#define N_BARRIER 3
#define N_WORKERS (N_MUTEX + N_TIMED + 1 + N_CONS + N_WRITERS + N_READERS + N_BARRIER)
#define STALL_SECONDS 10

static volatile int phase_stop;
static uint64_t signals_sent, signals_seen;
static int finished_workers;
static pthread_t workers[N_WORKERS];
static int nworkers;

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_fetch_add(&signals_seen, 1, __ATOMIC_RELAXED);
}

static void install_handler(int restart)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, 0) == 0, "sigaction: %s", strerror(errno));
}

static int stopping(void)
{
	return __atomic_load_n(&phase_stop, __ATOMIC_RELAXED);
}

/* errno must survive every call on fxpthread (docs/futex.md). */
#define ERRNO_SENTINEL 7771
#define CALL(expr)                                                            \
	({                                                                    \
		errno = ERRNO_SENTINEL;                                       \
		int call_r_ = (expr);                                         \
		if (stress.on_fx)                                             \
			CHECK(errno == ERRNO_SENTINEL,                        \
			      "%s changed errno to %d", #expr, errno);        \
		call_r_;                                                      \
	})

static void check_not_early(const char *what, clockid_t clock,
			    struct timespec deadline)
{
	struct timespec now = ts_now(clock);
	CHECK(ts_cmp(now, deadline) >= 0,
	      "%s: ETIMEDOUT %ld ns before the deadline", what,
	      (long)((deadline.tv_sec - now.tv_sec) * 1000000000L +
		     (deadline.tv_nsec - now.tv_nsec)));
}

/* ------------------------------------------------------------- mutex */

static const struct stress_mutex_kind *mkind;
static pthread_mutex_t mx;
static int mx_inside;
static uint64_t mx_count;
static uint64_t mx_done[N_MUTEX + N_TIMED];

static void mx_critical(int id, struct stress_rng *r)
{
	CHECK(mx_inside == 0, "mutex (%s): two owners", mkind->name);
	mx_inside = 1;
	mx_count++;
	mx_done[id]++;
	if (stress_below(r, 4) == 0)
		stress_busy_ns((long)stress_below(r, 20000));
	mx_inside = 0;
}

static void *mutex_worker(void *p)
{
	int id = (int)(intptr_t)p;
	struct stress_rng r = stress_rng_for(100 + (uint64_t)id);
	while (!stopping()) {
		int e = CALL(pthread_mutex_lock(&mx));
		CHECK(e == 0, "pthread_mutex_lock (%s) returned %s", mkind->name,
		      stress_errname(e));
		mx_critical(id, &r);
		CHECK_OK(pthread_mutex_unlock(&mx));
	}
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void *timed_worker(void *p)
{
	int id = (int)(intptr_t)p;
	struct stress_rng r = stress_rng_for(200 + (uint64_t)id);
	while (!stopping()) {
		clockid_t clock;
		struct timespec d;
		int e;
		long long ahead = (long long)stress_below(&r, 1000000);
		switch (stress_below(&r, 3)) {
		case 0:
			clock = CLOCK_REALTIME;
			d = ts_after_ns(clock, ahead);
			e = CALL(pthread_mutex_timedlock(&mx, &d));
			break;
		case 1:
			clock = CLOCK_REALTIME;
			d = ts_after_ns(clock, ahead);
			e = CALL(pthread_mutex_clocklock(&mx, clock, &d));
			break;
		default:
			/* PI with a monotonic deadline needs FUTEX_LOCK_PI2. */
			clock = mkind->protocol == PTHREAD_PRIO_INHERIT &&
						!stress_pi_monotonic_works()
					? CLOCK_REALTIME
					: CLOCK_MONOTONIC;
			d = ts_after_ns(clock, ahead);
			e = CALL(pthread_mutex_clocklock(&mx, clock, &d));
		}
		if (e == ETIMEDOUT) {
			check_not_early("mutex timedlock", clock, d);
			continue;
		}
		CHECK(e == 0, "mutex timed lock (%s) returned %s", mkind->name,
		      stress_errname(e));
		mx_critical(id, &r);
		CHECK_OK(pthread_mutex_unlock(&mx));
	}
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* -------------------------------------------------------------- cond */

static int cond_c11;	  /* this phase uses mtx_t/cnd_t */
static int cond_timed;	  /* consumers use timed waits */
static pthread_mutex_t cm;
static pthread_cond_t c_nonempty, c_space;
static mtx_t cm11;
static cnd_t c11_nonempty, c11_space;
static int tokens, cond_done, cons_waiting;
static uint64_t produced, consumed;

static void c_lock(void)
{
	int e = cond_c11 ? (CALL(mtx_lock(&cm11)) == thrd_success ? 0 : EINVAL)
			 : CALL(pthread_mutex_lock(&cm));
	CHECK(e == 0, "cond arena lock returned %s", stress_errname(e));
}

static void c_unlock(void)
{
	if (cond_c11)
		CHECK(mtx_unlock(&cm11) == thrd_success, "mtx_unlock failed");
	else
		CHECK_OK(pthread_mutex_unlock(&cm));
}

static void c_wake(int which_space, int broadcast)
{
	if (cond_c11) {
		cnd_t *c = which_space ? &c11_space : &c11_nonempty;
		CHECK((broadcast ? cnd_broadcast(c) : cnd_signal(c)) == thrd_success,
		      "cnd_signal/broadcast failed");
	} else {
		pthread_cond_t *c = which_space ? &c_space : &c_nonempty;
		CHECK_OK(broadcast ? pthread_cond_broadcast(c)
				   : pthread_cond_signal(c));
	}
}

/* One wait on c_nonempty by a consumer; returns 0 or ETIMEDOUT. */
static int consumer_wait(struct stress_rng *r)
{
	if (!cond_timed) {
		if (cond_c11) {
			int e = CALL(cnd_wait(&c11_nonempty, &cm11));
			CHECK(e == thrd_success, "cnd_wait returned %d", e);
			return 0;
		}
		int e = CALL(pthread_cond_wait(&c_nonempty, &cm));
		CHECK(e == 0, "pthread_cond_wait returned %s", stress_errname(e));
		return 0;
	}
	long long ns = (long long)stress_below(r, 2000000);
	if (cond_c11) {
		struct timespec d = ts_after_ns(CLOCK_REALTIME, ns);
		int e = CALL(cnd_timedwait(&c11_nonempty, &cm11, &d));
		if (e == thrd_timedout) {
			check_not_early("cnd_timedwait", CLOCK_REALTIME, d);
			return ETIMEDOUT;
		}
		CHECK(e == thrd_success, "cnd_timedwait returned %d", e);
		return 0;
	}
	clockid_t clock = stress_below(r, 2) ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	struct timespec d = ts_after_ns(clock, ns);
	int e = clock == CLOCK_REALTIME && stress_below(r, 2)
			? CALL(pthread_cond_timedwait(&c_nonempty, &cm, &d))
			: CALL(pthread_cond_clockwait(&c_nonempty, &cm, clock, &d));
	if (e == ETIMEDOUT)
		check_not_early("pthread_cond_timedwait/clockwait", clock, d);
	else
		CHECK(e == 0, "timed cond wait returned %s", stress_errname(e));
	return e;
}

static void *consumer(void *p)
{
	struct stress_rng r = stress_rng_for(300 + (uint64_t)(intptr_t)p);
	c_lock();
	for (;;) {
		while (tokens == 0 && !cond_done) {
			cons_waiting++;
			consumer_wait(&r);
			cons_waiting--;
		}
		if (tokens == 0)
			break;
		tokens--;
		consumed++;
		c_wake(1, 0);
	}
	c_unlock();
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void *producer(void *p)
{
	(void)p;
	struct stress_rng r = stress_rng_for(400);
	c_lock();
	while (!stopping()) {
		tokens++;
		produced++;
		c_wake(0, stress_below(&r, 8) == 0);
		double since = stress_now();
		while (tokens > 0) {
			/* The producer's own wait is timed, so it can notice
			 * a token nobody takes. */
			struct timespec d = ts_after_ns(CLOCK_REALTIME, 250000000);
			int e;
			if (cond_c11) {
				e = CALL(cnd_timedwait(&c11_space, &cm11, &d));
				CHECK(e == thrd_success || e == thrd_timedout,
				      "producer cnd_timedwait returned %d", e);
			} else {
				e = CALL(pthread_cond_timedwait(&c_space, &cm, &d));
				CHECK(e == 0 || e == ETIMEDOUT,
				      "producer timedwait returned %s",
				      stress_errname(e));
			}
			if (tokens > 0 && !cond_timed && cons_waiting > 0 &&
			    stress_now() - since > STALL_SECONDS)
				CHECK(0, "lost wakeup: a token stayed untaken for "
					 "%d s while %d consumers waited in %s",
				      STALL_SECONDS, cons_waiting,
				      cond_c11 ? "cnd_wait" : "pthread_cond_wait");
		}
	}
	cond_done = 1;
	c_wake(0, 1);
	c_unlock();
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* ------------------------------------------------------------ rwlock */

static pthread_rwlock_t rw;
static int rw_kind;
static int rw_readers, rw_writers;
static uint64_t rw_writes, rw_write_done[N_WRITERS], rw_reads;

static void *writer(void *p)
{
	int id = (int)(intptr_t)p;
	struct stress_rng r = stress_rng_for(500 + (uint64_t)id);
	while (!stopping()) {
		int e;
		clockid_t clock = CLOCK_REALTIME;
		struct timespec d = ts_after_ns(clock, (long long)stress_below(&r, 1000000));
		switch (stress_below(&r, 3)) {
		case 0: {
			double t0 = stress_now();
			e = CALL(pthread_rwlock_wrlock(&rw));
			/* R3 (docs/rwlock.md): with the writer-preferring kind,
			 * readers that keep coming cannot hold a writer off. */
			CHECK(rw_kind != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP ||
				      stress_now() - t0 < STALL_SECONDS,
			      "writer starved: pthread_rwlock_wrlock took %.1f s "
			      "under PREFER_WRITER_NONRECURSIVE",
			      stress_now() - t0);
			break;
		}
		case 1:
			e = CALL(pthread_rwlock_timedwrlock(&rw, &d));
			break;
		default:
			clock = CLOCK_MONOTONIC;
			d = ts_after_ns(clock, (long long)stress_below(&r, 1000000));
			e = CALL(pthread_rwlock_clockwrlock(&rw, clock, &d));
		}
		if (e == ETIMEDOUT) {
			check_not_early("rwlock timed wrlock", clock, d);
			continue;
		}
		CHECK(e == 0, "rwlock write lock returned %s", stress_errname(e));
		CHECK(__atomic_fetch_add(&rw_writers, 1, __ATOMIC_SEQ_CST) == 0 &&
			      __atomic_load_n(&rw_readers, __ATOMIC_SEQ_CST) == 0,
		      "rwlock writer entered with %d readers, %d writers",
		      rw_readers, rw_writers - 1);
		rw_writes++;
		rw_write_done[id]++;
		stress_busy_ns((long)stress_below(&r, 10000));
		__atomic_fetch_sub(&rw_writers, 1, __ATOMIC_SEQ_CST);
		CHECK_OK(pthread_rwlock_unlock(&rw));
		sched_yield();
	}
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void *reader(void *p)
{
	struct stress_rng r = stress_rng_for(600 + (uint64_t)(intptr_t)p);
	while (!stopping()) {
		int e;
		clockid_t clock = CLOCK_REALTIME;
		struct timespec d = ts_after_ns(clock, (long long)stress_below(&r, 1000000));
		switch (stress_below(&r, 3)) {
		case 0:
			e = CALL(pthread_rwlock_rdlock(&rw));
			break;
		case 1:
			e = CALL(pthread_rwlock_timedrdlock(&rw, &d));
			break;
		default:
			clock = CLOCK_MONOTONIC;
			d = ts_after_ns(clock, (long long)stress_below(&r, 1000000));
			e = CALL(pthread_rwlock_clockrdlock(&rw, clock, &d));
		}
		if (e == ETIMEDOUT) {
			check_not_early("rwlock timed rdlock", clock, d);
			continue;
		}
		CHECK(e == 0, "rwlock read lock returned %s", stress_errname(e));
		__atomic_fetch_add(&rw_readers, 1, __ATOMIC_SEQ_CST);
		CHECK(__atomic_load_n(&rw_writers, __ATOMIC_SEQ_CST) == 0,
		      "rwlock reader entered while a writer is inside");
		__atomic_fetch_add(&rw_reads, 1, __ATOMIC_RELAXED);
		stress_busy_ns((long)stress_below(&r, 10000));
		__atomic_fetch_sub(&rw_readers, 1, __ATOMIC_SEQ_CST);
		CHECK_OK(pthread_rwlock_unlock(&rw));
		/* Leave gaps, or readers overlap forever and writers of the
		 * reader-preferring kind never run. */
		stress_busy_ns((long)stress_below(&r, 20000));
		sched_yield();
	}
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* ----------------------------------------------------------- barrier */

static pthread_barrier_t bar;
static uint64_t bar_arrivals, bar_serial_mark, bar_rounds[N_BARRIER];
static int bar_go_on;

static void bar_wait_checked(int id, uint64_t round)
{
	__atomic_fetch_add(&bar_arrivals, 1, __ATOMIC_SEQ_CST);
	int e = CALL(pthread_barrier_wait(&bar));
	CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
	      "pthread_barrier_wait returned %d (%s)", e, stress_errname(e));
	uint64_t a = __atomic_load_n(&bar_arrivals, __ATOMIC_SEQ_CST);
	CHECK(a >= N_BARRIER * (round + 1) && a <= N_BARRIER * (round + 2) - 1,
	      "barrier: thread %d left wait %llu with %llu arrivals", id,
	      (unsigned long long)round, (unsigned long long)a);
	if (e == PTHREAD_BARRIER_SERIAL_THREAD) {
		uint64_t prev = __atomic_exchange_n(&bar_serial_mark, round + 1,
						    __ATOMIC_SEQ_CST);
		CHECK(prev == round,
		      "barrier: serial thread of wait %llu follows the one of "
		      "wait %llu",
		      (unsigned long long)round, (unsigned long long)prev - 1);
	}
}

static void *barrier_worker(void *p)
{
	int id = (int)(intptr_t)p;
	uint64_t round = 0;
	for (;;) {
		/* Two waits per round: between them thread 0 decides, for
		 * everybody, whether to go on; it writes the decision again
		 * only after the next first wait, which all reach after
		 * reading it. */
		bar_wait_checked(id, round++);
		if (id == 0)
			__atomic_store_n(&bar_go_on, !stopping(), __ATOMIC_SEQ_CST);
		bar_wait_checked(id, round++);
		if (!__atomic_load_n(&bar_go_on, __ATOMIC_SEQ_CST))
			break;
	}
	bar_rounds[id] = round;
	__atomic_fetch_add(&finished_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* ---------------------------------------------------------- signaller */

static int signaller_stop;

static void *signaller(void *p)
{
	(void)p;
	struct stress_rng r = stress_rng_for(700);
	long pause = stress.n > 1 ? stress.n : 0;
	while (!__atomic_load_n(&signaller_stop, __ATOMIC_SEQ_CST)) {
		for (int i = 0; i < nworkers; i++) {
			if (pthread_kill(workers[i], SIGUSR1) == 0)
				__atomic_fetch_add(&signals_sent, 1, __ATOMIC_RELAXED);
		}
		if (stress_below(&r, 16) == 0 && kill(getpid(), SIGUSR1) == 0)
			__atomic_fetch_add(&signals_sent, 1, __ATOMIC_RELAXED);
		if (pause)
			stress_sleep_us((long)stress_below(&r, (unsigned)pause));
		else if (stress_below(&r, 64) == 0)
			sched_yield();
	}
	return 0;
}

static void hang_report(void)
{
	stress_write_u64("workers finished", (uint64_t)finished_workers);
	stress_write_u64("mutex count", mx_count);
	stress_write_u64("tokens produced", produced);
	stress_write_u64("tokens consumed", consumed);
	stress_write_u64("consumers waiting", (uint64_t)cons_waiting);
	stress_write_u64("rwlock writes", rw_writes);
	stress_write_u64("barrier arrivals", bar_arrivals);
	stress_write_u64("signals sent", signals_sent);
}

static const struct stress_mutex_kind *phase_kinds[] = {
	&stress_mutex_kinds[0], &stress_mutex_kinds[2], &stress_mutex_kinds[3],
	&stress_mutex_kinds[4], &stress_mutex_kinds[6], &stress_mutex_kinds[1],
};
#define NPHASE_KINDS (sizeof phase_kinds / sizeof phase_kinds[0])

static void spawn(void *(*fn)(void *), intptr_t arg)
{
	stress_thread(&workers[nworkers++], 128 * 1024, fn, (void *)arg);
}

int main(int argc, char **argv)
{
	stress_begin(argc, argv, "signal_storm_never_interrupts_or_loses_waits",
		     3.0, 1, "sender pause: up to n-1 microseconds between sweeps");
	stress_hang_hook = hang_report;
	/* Eight phases cover both handler flavours with each wait style. */
	double phase_len = stress.seconds / 8;
	if (phase_len < 0.25)
		phase_len = 0.25;
	uint64_t phase = 0, total_mutex = 0, total_tokens = 0,
		 total_writes = 0, total_reads = 0, total_rounds = 0;
	uint64_t sent_restart = 0, sent_norestart = 0;
	do {
		int restart = (int)(phase & 1);
		cond_timed = (int)((phase >> 1) & 1);
		cond_c11 = (int)((phase >> 2) & 1);
		mkind = phase_kinds[phase % NPHASE_KINDS];
		rw_kind = (phase / 3) % 2 ? PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
					  : PTHREAD_RWLOCK_PREFER_READER_NP;
		stress_phase(restart ? "phase with SA_RESTART"
				     : "phase without SA_RESTART");
		install_handler(restart);

		/* fresh objects and counters */
		stress_mutex_init(&mx, mkind, 0);
		mx_count = 0;
		memset(mx_done, 0, sizeof mx_done);
		CHECK_OK(pthread_mutex_init(&cm, 0));
		pthread_condattr_t ca;
		CHECK_OK(pthread_condattr_init(&ca));
		CHECK_OK(pthread_condattr_setclock(&ca, phase % 3 ? CLOCK_REALTIME
								 : CLOCK_MONOTONIC));
		CHECK_OK(pthread_cond_init(&c_nonempty, &ca));
		CHECK_OK(pthread_condattr_destroy(&ca));
		CHECK_OK(pthread_cond_init(&c_space, 0));
		CHECK(mtx_init(&cm11, mtx_timed) == thrd_success, "mtx_init");
		CHECK(cnd_init(&c11_nonempty) == thrd_success, "cnd_init");
		CHECK(cnd_init(&c11_space) == thrd_success, "cnd_init");
		tokens = cond_done = cons_waiting = 0;
		produced = consumed = 0;
		pthread_rwlockattr_t ra;
		CHECK_OK(pthread_rwlockattr_init(&ra));
		CHECK_OK(pthread_rwlockattr_setkind_np(&ra, rw_kind));
		CHECK_OK(pthread_rwlock_init(&rw, &ra));
		CHECK_OK(pthread_rwlockattr_destroy(&ra));
		rw_readers = rw_writers = 0;
		rw_writes = rw_reads = 0;
		memset(rw_write_done, 0, sizeof rw_write_done);
		CHECK_OK(pthread_barrier_init(&bar, 0, N_BARRIER));
		bar_arrivals = bar_serial_mark = 0;
		memset(bar_rounds, 0, sizeof bar_rounds);
		phase_stop = 0;
		finished_workers = 0;
		signaller_stop = 0;
		uint64_t sent0 = signals_sent;

		nworkers = 0;
		for (int i = 0; i < N_MUTEX; i++)
			spawn(mutex_worker, i);
		for (int i = 0; i < N_TIMED; i++)
			spawn(timed_worker, N_MUTEX + i);
		for (int i = 0; i < N_CONS; i++)
			spawn(consumer, i);
		spawn(producer, 0);
		for (int i = 0; i < N_WRITERS; i++)
			spawn(writer, i);
		for (int i = 0; i < N_READERS; i++)
			spawn(reader, i);
		for (int i = 0; i < N_BARRIER; i++)
			spawn(barrier_worker, i);
		pthread_t sig;
		stress_thread(&sig, 0, signaller, 0);

		stress_sleep_us((long)(phase_len * 1e6));
		__atomic_store_n(&phase_stop, 1, __ATOMIC_SEQ_CST);
		/* The storm goes on until every worker is out of its waits. */
		while (__atomic_load_n(&finished_workers, __ATOMIC_SEQ_CST) < nworkers)
			stress_sleep_us(1000);
		__atomic_store_n(&signaller_stop, 1, __ATOMIC_SEQ_CST);
		stress_join(sig);
		for (int i = 0; i < nworkers; i++)
			stress_join(workers[i]);

		stress_phase("phase audit");
		uint64_t sum = 0;
		for (int i = 0; i < N_MUTEX + N_TIMED; i++)
			sum += mx_done[i];
		CHECK(sum == mx_count, "mutex (%s): count %llu, threads did %llu",
		      mkind->name, (unsigned long long)mx_count,
		      (unsigned long long)sum);
		CHECK(produced == consumed && tokens == 0,
		      "tokens: produced %llu, consumed %llu, left %d",
		      (unsigned long long)produced, (unsigned long long)consumed,
		      tokens);
		sum = rw_write_done[0] + rw_write_done[1];
		CHECK(sum == rw_writes, "rwlock: %llu writes, threads did %llu",
		      (unsigned long long)rw_writes, (unsigned long long)sum);
		for (int i = 1; i < N_BARRIER; i++)
			CHECK(bar_rounds[i] == bar_rounds[0],
			      "barrier: thread %d did %llu waits, thread 0 %llu",
			      i, (unsigned long long)bar_rounds[i],
			      (unsigned long long)bar_rounds[0]);
		CHECK(bar_serial_mark == bar_rounds[0],
		      "barrier: %llu serial threads for %llu waits",
		      (unsigned long long)bar_serial_mark,
		      (unsigned long long)bar_rounds[0]);
		uint64_t sent = signals_sent - sent0;
		CHECK(sent > 0, "no signal was sent in the phase");
		if (restart)
			sent_restart += sent;
		else
			sent_norestart += sent;

		CHECK_OK(pthread_mutex_destroy(&mx));
		CHECK_OK(pthread_mutex_destroy(&cm));
		CHECK_OK(pthread_cond_destroy(&c_nonempty));
		CHECK_OK(pthread_cond_destroy(&c_space));
		cnd_destroy(&c11_nonempty);
		cnd_destroy(&c11_space);
		mtx_destroy(&cm11);
		CHECK_OK(pthread_rwlock_destroy(&rw));
		CHECK_OK(pthread_barrier_destroy(&bar));
		stress_note("phase %llu (%s, mutex %s, %s%s consumers): %llu "
			    "signals, %llu locks, %llu tokens, %llu writes, "
			    "%llu barrier waits",
			    (unsigned long long)phase,
			    restart ? "SA_RESTART" : "no SA_RESTART", mkind->name,
			    cond_c11 ? "C11 " : "", cond_timed ? "timed" : "untimed",
			    (unsigned long long)sent, (unsigned long long)mx_count,
			    (unsigned long long)produced,
			    (unsigned long long)rw_writes,
			    (unsigned long long)bar_rounds[0]);
		total_mutex += mx_count;
		total_tokens += produced;
		total_writes += rw_writes;
		total_reads += rw_reads;
		total_rounds += bar_rounds[0];
		phase++;
	} while (stress_running() || phase < 8);

	stress_pass("%llu phases, %llu signals sent (%llu with SA_RESTART, %llu "
		    "without), %llu handled; %llu mutex locks, %llu tokens, "
		    "%llu/%llu rwlock writes/reads, %llu barrier waits; no "
		    "EINTR, no early timeout, no lost wakeup",
		    (unsigned long long)phase,
		    (unsigned long long)(sent_restart + sent_norestart),
		    (unsigned long long)sent_restart,
		    (unsigned long long)sent_norestart,
		    (unsigned long long)signals_seen,
		    (unsigned long long)total_mutex,
		    (unsigned long long)total_tokens,
		    (unsigned long long)total_writes,
		    (unsigned long long)total_reads,
		    (unsigned long long)total_rounds);
}
