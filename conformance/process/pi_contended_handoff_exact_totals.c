/* Contended priority-inheritance mutexes hand the lock over through the
 * kernel (FUTEX_LOCK_PI / FUTEX_UNLOCK_PI) without losing or doubling an
 * owner: counters incremented under the mutex come out exact.
 *
 *   threads     NTHREADS threads x ITERS increments, private PI mutex
 *               (normal, errorcheck, recursive taken twice, robust)
 *   processes   NPROCS processes x ITERS increments, process-shared PI
 *               mutex in MAP_SHARED memory (plain and robust)
 *   condvar     NTHREADS threads pass a turn around a ring through a
 *               condvar whose mutex is PI (private: the kernel requeues
 *               waiters onto the PI word; process-shared across
 *               processes), ROUNDS turns each, exact count
 */
#include "process_check.h"

#define NTHREADS 4
#define NPROCS 3
#define ITERS 10000
#define RING_ROUNDS 2000

struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	long counter;
	int turn;
	long passes;
	int type;
};

static struct shared *sh;

static void locked_increments(int type)
{
	for (int i = 0; i < ITERS; i++) {
		int r = pthread_mutex_lock(&sh->m);
		CHECK(r == 0, "lock: %d (%s)", r, strerror(r));
		if (type == PTHREAD_MUTEX_RECURSIVE)
			CHECK_OK(pthread_mutex_lock(&sh->m));
		long v = sh->counter;
		if ((i & 63) == 0)
			sched_yield(); /* invite contention inside */
		sh->counter = v + 1;
		if (type == PTHREAD_MUTEX_RECURSIVE)
			CHECK_OK(pthread_mutex_unlock(&sh->m));
		CHECK_OK(pthread_mutex_unlock(&sh->m));
	}
}

static void *incr_thread(void *arg)
{
	locked_increments(sh->type);
	return 0;
}

static void threads_case(const struct fxp_mutex_kind *k)
{
	fxp_mutex_init(&sh->m, k);
	sh->counter = 0;
	sh->type = k->type;
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		CHECK_OK(pthread_create(&t[i], 0, incr_thread, 0));
	for (int i = 0; i < NTHREADS; i++)
		CHECK_OK(pthread_join(t[i], 0));
	CHECK(sh->counter == (long)NTHREADS * ITERS, "%s: counter %ld, "
	      "expected %ld", k->name, sh->counter, (long)NTHREADS * ITERS);
	CHECK(fxp_word(&sh->m) == 0, "word %#x at the end", fxp_word(&sh->m));
	CHECK_OK(pthread_mutex_destroy(&sh->m));
	fxp_note("%s: %d threads x %d = %ld", k->name, NTHREADS, ITERS,
		 sh->counter);
}

static void processes_case(const struct fxp_mutex_kind *k)
{
	fxp_mutex_init(&sh->m, k);
	sh->counter = 0;
	sh->type = k->type;
	pid_t p[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0) {
			locked_increments(k->type);
			_exit(0);
		}
	}
	for (int i = 0; i < NPROCS; i++)
		fxp_reap_ok(p[i], "incrementing process");
	CHECK(sh->counter == (long)NPROCS * ITERS, "%s: counter %ld, "
	      "expected %ld", k->name, sh->counter, (long)NPROCS * ITERS);
	CHECK_OK(pthread_mutex_destroy(&sh->m));
	fxp_note("%s: %d processes x %d = %ld", k->name, NPROCS, ITERS,
		 sh->counter);
}

/* Ring: member `me` waits for its turn, passes it on. */
static void ring_member(int me, int n)
{
	for (int r = 0; r < RING_ROUNDS; r++) {
		CHECK_OK(pthread_mutex_lock(&sh->m));
		while (sh->turn != me)
			CHECK_OK(pthread_cond_wait(&sh->c, &sh->m));
		sh->passes++;
		sh->turn = (me + 1) % n;
		CHECK_OK(pthread_cond_broadcast(&sh->c));
		CHECK_OK(pthread_mutex_unlock(&sh->m));
	}
}

static void *ring_thread(void *arg)
{
	ring_member((int)(intptr_t)arg, NTHREADS);
	return 0;
}

static void ring_init(int pshared)
{
	struct fxp_mutex_kind k = { "ring", PTHREAD_MUTEX_NORMAL,
				    PTHREAD_MUTEX_STALLED,
				    PTHREAD_PRIO_INHERIT, pshared };
	fxp_mutex_init(&sh->m, &k);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, pshared));
	CHECK_OK(pthread_cond_init(&sh->c, &ca));
	sh->turn = 0;
	sh->passes = 0;
}

static void ring_threads(void)
{
	ring_init(PTHREAD_PROCESS_PRIVATE);
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		CHECK_OK(pthread_create(&t[i], 0, ring_thread,
					(void *)(intptr_t)i));
	for (int i = 0; i < NTHREADS; i++)
		CHECK_OK(pthread_join(t[i], 0));
	CHECK(sh->passes == (long)NTHREADS * RING_ROUNDS, "passes %ld, "
	      "expected %ld", sh->passes, (long)NTHREADS * RING_ROUNDS);
	CHECK_OK(pthread_cond_destroy(&sh->c));
	CHECK_OK(pthread_mutex_destroy(&sh->m));
	fxp_note("private PI condvar ring: %ld passes", sh->passes);
}

static void ring_processes(void)
{
	ring_init(PTHREAD_PROCESS_SHARED);
	pid_t p[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0) {
			ring_member(i, NPROCS);
			_exit(0);
		}
	}
	for (int i = 0; i < NPROCS; i++)
		fxp_reap_ok(p[i], "ring process");
	CHECK(sh->passes == (long)NPROCS * RING_ROUNDS, "passes %ld, "
	      "expected %ld", sh->passes, (long)NPROCS * RING_ROUNDS);
	CHECK_OK(pthread_cond_destroy(&sh->c));
	CHECK_OK(pthread_mutex_destroy(&sh->m));
	fxp_note("pshared PI condvar ring across processes: %ld passes",
		 sh->passes);
}

int main(void)
{
	fxp_begin("pi_contended_handoff_exact_totals", 45);
	sh = fxp_shared_alloc(sizeof *sh);
	struct fxp_mutex_kind tk[] = {
		{ "private PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "private PI errorcheck", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
		{ "private PI recursive", PTHREAD_MUTEX_RECURSIVE,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
		{ "private robust PI", PTHREAD_MUTEX_NORMAL,
		  PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
	};
	for (size_t i = 0; i < sizeof tk / sizeof tk[0]; i++) {
		fxp_step(tk[i].name);
		threads_case(&tk[i]);
	}
	struct fxp_mutex_kind pk[] = {
		{ "pshared PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_SHARED },
		{ "pshared robust PI", PTHREAD_MUTEX_NORMAL,
		  PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_SHARED },
	};
	for (size_t i = 0; i < sizeof pk / sizeof pk[0]; i++) {
		fxp_step(pk[i].name);
		processes_case(&pk[i]);
	}
	fxp_step("private PI condvar ring");
	ring_threads();
	fxp_step("pshared PI condvar ring across processes");
	ring_processes();
	fxp_pass("exact totals through contended PI handoff between threads "
		 "and processes, and through PI condvar rings");
	return 0;
}
