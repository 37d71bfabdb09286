/* Threads blocked in mutex lock, condvar wait, rwlock lock and barrier
 * wait are hit by a storm of SIGUSR1.  POSIX: the lock functions never
 * fail with EINTR (the handler runs, the thread goes back to waiting);
 * a condvar wait may return 0 spuriously, but no wakeup may be lost; the
 * barrier wait resumes.  Totals stay exact.
 *
 * Two passes: the handler installed without SA_RESTART (the futex wait
 * comes back with EINTR inside the library, which must retry), and with
 * SA_RESTART (the kernel restarts it).  In each pass, concurrently:
 *   mutexes   3 threads x ITERS increments under each of a normal,
 *             errorcheck, robust, PI and process-shared mutex, plus
 *             timedlock with a far deadline
 *   condvar   1 producer, 2 consumers, TOKENS tokens through a bounded
 *             buffer; consumers use pthread_cond_wait and
 *             pthread_cond_timedwait (far deadline)
 *   rwlock    2 writers (a++, b++) and 2 readers (a == b)
 *   barrier   3 threads x ROUNDS rounds with an arrival count check
 * while a signaller thread sends SIGUSR1 to all of them, over and over,
 * until they are done.  Every return value is checked; EINTR anywhere is
 * a failure.
 */
#include "process_check.h"

#define ITERS 2000
#define TOKENS 5000
#define RW_ITERS 3000
#define ROUNDS 1000
#define NKIND 5
#define MAXT 16

static volatile long handled;
static __thread volatile long handled_here;

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_fetch_add(&handled, 1, __ATOMIC_RELAXED);
	handled_here++;
}

static pthread_mutex_t mx[NKIND];
static long mcount[NKIND];
static pthread_mutex_t cm;
static pthread_cond_t not_empty, not_full;
static long buffered, produced, consumed;
static int producer_done;
static pthread_rwlock_t rw;
static long rw_a, rw_b;
static pthread_barrier_t bar;
static long arrived;
static volatile int running;

#define CALL_OK(call)                                                         \
	do {                                                                  \
		int r_ = (call);                                              \
		CHECK(r_ != EINTR, "%s returned EINTR", #call);               \
		CHECK(r_ == 0, "%s returned %d (%s)", #call, r_,             \
		      strerror(r_));                                          \
	} while (0)

static void *mutex_worker(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		for (int k = 0; k < NKIND; k++) {
			if (i % 4 == 3) {
				struct timespec far =
					fxp_after_ms(CLOCK_REALTIME, 3600000);
				CALL_OK(pthread_mutex_timedlock(&mx[k], &far));
			} else {
				CALL_OK(pthread_mutex_lock(&mx[k]));
			}
			long v = mcount[k];
			if ((i & 31) == 0)
				sched_yield();
			mcount[k] = v + 1;
			CALL_OK(pthread_mutex_unlock(&mx[k]));
		}
	}
	return 0;
}

static void *producer(void *arg)
{
	for (int i = 0; i < TOKENS; i++) {
		CALL_OK(pthread_mutex_lock(&cm));
		while (buffered >= 2)
			CALL_OK(pthread_cond_wait(&not_full, &cm));
		buffered++;
		produced++;
		CALL_OK(pthread_cond_signal(&not_empty));
		CALL_OK(pthread_mutex_unlock(&cm));
	}
	CALL_OK(pthread_mutex_lock(&cm));
	producer_done = 1;
	CALL_OK(pthread_cond_broadcast(&not_empty));
	CALL_OK(pthread_mutex_unlock(&cm));
	return 0;
}

static void *consumer(void *arg)
{
	int timed = (int)(intptr_t)arg;
	for (;;) {
		CALL_OK(pthread_mutex_lock(&cm));
		while (buffered == 0 && !producer_done) {
			if (timed) {
				struct timespec far =
					fxp_after_ms(CLOCK_REALTIME, 3600000);
				CALL_OK(pthread_cond_timedwait(&not_empty, &cm,
							       &far));
			} else {
				CALL_OK(pthread_cond_wait(&not_empty, &cm));
			}
		}
		if (buffered == 0 && producer_done) {
			CALL_OK(pthread_mutex_unlock(&cm));
			return 0;
		}
		buffered--;
		consumed++;
		CALL_OK(pthread_cond_signal(&not_full));
		CALL_OK(pthread_mutex_unlock(&cm));
	}
}

static void *writer(void *arg)
{
	for (int i = 0; i < RW_ITERS; i++) {
		CALL_OK(pthread_rwlock_wrlock(&rw));
		rw_a++;
		if ((i & 31) == 0)
			sched_yield();
		rw_b++;
		CALL_OK(pthread_rwlock_unlock(&rw));
	}
	return 0;
}

static void *reader(void *arg)
{
	for (int i = 0; i < RW_ITERS; i++) {
		if (i & 1) {
			struct timespec far =
				fxp_after_ms(CLOCK_REALTIME, 3600000);
			CALL_OK(pthread_rwlock_timedrdlock(&rw, &far));
		} else {
			CALL_OK(pthread_rwlock_rdlock(&rw));
		}
		CHECK(rw_a == rw_b, "reader saw a writer inside");
		CALL_OK(pthread_rwlock_unlock(&rw));
	}
	return 0;
}

static void *barrier_member(void *arg)
{
	for (long r = 0; r < ROUNDS; r++) {
		__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
		int rc = pthread_barrier_wait(&bar);
		CHECK(rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD,
		      "barrier wait returned %d", rc);
		CHECK(__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) == 3 * (r + 1),
		      "round %ld: arrived %ld", r, arrived);
		rc = pthread_barrier_wait(&bar);
		CHECK(rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD,
		      "barrier wait returned %d", rc);
	}
	return 0;
}

/* Victims are signalled by TID while they run: each publishes its TID on
 * entry and withdraws it before it returns (pthread_kill on a thread that
 * may have been joined is undefined). */
struct victim {
	pthread_t t;
	void *(*fn)(void *);
	void *arg;
	volatile pid_t tid;
};

static struct victim victims[MAXT];
static int nvictims;
static long sent;

static void *victim_main(void *p)
{
	struct victim *v = p;
	__atomic_store_n(&v->tid, fxp_gettid(), __ATOMIC_SEQ_CST);
	/* The storm has reached this thread before its work starts. */
	while (!handled_here)
		fxp_sleep_us(50);
	void *r = v->fn(v->arg);
	__atomic_store_n(&v->tid, 0, __ATOMIC_SEQ_CST);
	return r;
}

static void start_victim(void *(*fn)(void *), void *arg)
{
	struct victim *v = &victims[nvictims++];
	v->fn = fn;
	v->arg = arg;
	v->tid = 0;
	CHECK_OK(pthread_create(&v->t, 0, victim_main, v));
}

static void *signaller(void *arg)
{
	pid_t pid = getpid();
	while (__atomic_load_n(&running, __ATOMIC_SEQ_CST)) {
		for (int i = 0; i < nvictims; i++) {
			pid_t tid = __atomic_load_n(&victims[i].tid,
						    __ATOMIC_SEQ_CST);
			if (tid && syscall(SYS_tgkill, pid, tid, SIGUSR1) == 0)
				sent++;
		}
		fxp_sleep_us(20);
	}
	return 0;
}

static void pass(int restart)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	CHECK(sigaction(SIGUSR1, &sa, 0) == 0, "sigaction");

	static const struct fxp_mutex_kind kinds[NKIND] = {
		{ "normal", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "pshared", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_SHARED },
	};
	for (int k = 0; k < NKIND; k++) {
		fxp_mutex_init(&mx[k], &kinds[k]);
		mcount[k] = 0;
	}
	CALL_OK(pthread_mutex_init(&cm, 0));
	CALL_OK(pthread_cond_init(&not_empty, 0));
	CALL_OK(pthread_cond_init(&not_full, 0));
	buffered = produced = consumed = 0;
	producer_done = 0;
	CALL_OK(pthread_rwlock_init(&rw, 0));
	rw_a = rw_b = 0;
	CALL_OK(pthread_barrier_init(&bar, 0, 3));
	arrived = 0;
	handled = 0;
	sent = 0;

	nvictims = 0;
	__atomic_store_n(&running, 1, __ATOMIC_SEQ_CST);
	pthread_t sig;
	CALL_OK(pthread_create(&sig, 0, signaller, 0));
	for (int i = 0; i < 3; i++)
		start_victim(mutex_worker, 0);
	start_victim(producer, 0);
	start_victim(consumer, (void *)(intptr_t)0);
	start_victim(consumer, (void *)(intptr_t)1);
	for (int i = 0; i < 2; i++)
		start_victim(writer, 0);
	for (int i = 0; i < 2; i++)
		start_victim(reader, 0);
	for (int i = 0; i < 3; i++)
		start_victim(barrier_member, 0);

	for (int i = 0; i < nvictims; i++)
		CALL_OK(pthread_join(victims[i].t, 0));
	__atomic_store_n(&running, 0, __ATOMIC_SEQ_CST);
	CALL_OK(pthread_join(sig, 0));

	for (int k = 0; k < NKIND; k++)
		CHECK(mcount[k] == 3L * ITERS, "%s mutex: count %ld, expected "
		      "%ld", kinds[k].name, mcount[k], 3L * ITERS);
	CHECK(produced == TOKENS && consumed == TOKENS, "produced %ld "
	      "consumed %ld", produced, consumed);
	CHECK(rw_a == 2L * RW_ITERS && rw_b == rw_a, "rwlock a %ld b %ld",
	      rw_a, rw_b);
	CHECK(arrived == 3L * ROUNDS, "barrier arrivals %ld", arrived);
	CHECK(handled >= nvictims, "%ld signals handled by %d threads",
	      handled, nvictims);
	fxp_note("%s: %ld signals sent, %ld handled; totals exact",
		 restart ? "SA_RESTART" : "no SA_RESTART", sent, handled);
	CALL_OK(pthread_barrier_destroy(&bar));
	CALL_OK(pthread_rwlock_destroy(&rw));
	CALL_OK(pthread_cond_destroy(&not_empty));
	CALL_OK(pthread_cond_destroy(&not_full));
	CALL_OK(pthread_mutex_destroy(&cm));
	for (int k = 0; k < NKIND; k++)
		CALL_OK(pthread_mutex_destroy(&mx[k]));
}

int main(void)
{
	fxp_begin("signals_storm_no_eintr_no_lost_wakeup", 45);
	fxp_step("handler without SA_RESTART");
	pass(0);
	fxp_step("handler with SA_RESTART");
	pass(1);
	fxp_pass("no EINTR from any lock or wait, no lost wakeup, exact "
		 "totals under SIGUSR1 storms, with and without SA_RESTART");
	return 0;
}
