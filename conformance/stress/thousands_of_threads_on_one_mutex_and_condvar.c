/* Thousands of threads with small stacks on one mutex, three condvars and
 * one barrier: oversubscription far beyond the machine's cores.
 *
 * Each round starts N threads (default 2000, 64 KiB stacks) that
 *
 *   1. check in under the mutex and wait on `go` (one pthread_cond_wait
 *      each: N sleepers on one condvar; the main thread's broadcast
 *      requeues them onto the mutex, and each unlock must pass it on);
 *   2. take the mutex K times to bump a counter, and every fourth time
 *      borrow one of a few tokens (a pool guarded by the same mutex, a
 *      condvar to wait for a free token, one signal per return);
 *   3. meet at a barrier of N.
 *
 * Rounds rotate the mutex kind (normal, adaptive, errorcheck, recursive,
 * robust, priority inheritance, priority ceiling).
 *
 * Invariants checked: every thread passes `go` exactly once (N), the
 * counter is exactly N*K, the token pool is whole, exactly one barrier
 * waiter is the serial thread, no two threads are ever inside the
 * critical section, and the round ends within the hang bound (a lost
 * wakeup in the requeue chain or the token condvar would hang it).
 *
 *   -n  threads per round (default 2000)
 */
#include "stress.h"

#define K 8
#define TOKENS 3
#define STACK (64 * 1024)

static const int kind_order[] = { 0, 1, 2, 3, 4, 6, 9 };
#define NKINDS (sizeof kind_order / sizeof kind_order[0])

static const struct stress_mutex_kind *kind;
static pthread_mutex_t m;
static pthread_cond_t c_ready, c_go, c_token;
static pthread_barrier_t bar;
static int n_threads;
static int ready, go, passed, tokens, inside;
static uint64_t counter, serials, token_waits;

static void enter(void)
{
	CHECK(inside == 0, "two threads inside the critical section (mutex %s)",
	      kind->name);
	inside = 1;
}

static void leave(void)
{
	inside = 0;
}

static void *worker(void *p)
{
	(void)p;
	CHECK_OK(pthread_mutex_lock(&m));
	enter();
	if (++ready == n_threads)
		CHECK_OK(pthread_cond_signal(&c_ready));
	while (!go) {
		leave();
		CHECK_OK(pthread_cond_wait(&c_go, &m));
		enter();
	}
	passed++;
	leave();
	CHECK_OK(pthread_mutex_unlock(&m));

	for (int j = 0; j < K; j++) {
		CHECK_OK(pthread_mutex_lock(&m));
		enter();
		counter++;
		leave();
		CHECK_OK(pthread_mutex_unlock(&m));
		if (j % 4 != 0)
			continue;
		CHECK_OK(pthread_mutex_lock(&m));
		enter();
		while (tokens == 0) {
			token_waits++;
			leave();
			CHECK_OK(pthread_cond_wait(&c_token, &m));
			enter();
		}
		tokens--;
		leave();
		CHECK_OK(pthread_mutex_unlock(&m));
		sched_yield(); /* hold the token across a reschedule */
		CHECK_OK(pthread_mutex_lock(&m));
		enter();
		tokens++;
		CHECK_OK(pthread_cond_signal(&c_token));
		leave();
		CHECK_OK(pthread_mutex_unlock(&m));
	}

	int e = pthread_barrier_wait(&bar);
	CHECK(e == 0 || e == PTHREAD_BARRIER_SERIAL_THREAD,
	      "pthread_barrier_wait returned %d", e);
	if (e == PTHREAD_BARRIER_SERIAL_THREAD)
		__atomic_fetch_add(&serials, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void hang_report(void)
{
	stress_write_u64("threads", (uint64_t)n_threads);
	stress_write_u64("checked in", (uint64_t)ready);
	stress_write_u64("passed go", (uint64_t)passed);
	stress_write_u64("counter", counter);
	stress_write_u64("tokens free", (uint64_t)tokens);
	stress_write_u64("mutex word", *(volatile uint32_t *)&m);
}

int main(int argc, char **argv)
{
	stress_begin(argc, argv, "thousands_of_threads_on_one_mutex_and_condvar",
		     3.0, 2000, "threads per round");
	stress_hang_hook = hang_report;
	n_threads = (int)stress.n;
	pthread_t *t = calloc((size_t)n_threads, sizeof *t);
	CHECK(t, "out of memory");
	uint64_t rounds = 0, total_waits = 0;
	double slowest = 0;
	do {
		kind = &stress_mutex_kinds[kind_order[rounds % NKINDS]];
		if (!stress_kind_usable(kind)) {
			rounds++;
			continue;
		}
		stress_phase(kind->name);
		double t0 = stress_now();
		stress_mutex_init(&m, kind, 0);
		CHECK_OK(pthread_cond_init(&c_ready, 0));
		CHECK_OK(pthread_cond_init(&c_go, 0));
		CHECK_OK(pthread_cond_init(&c_token, 0));
		CHECK_OK(pthread_barrier_init(&bar, 0, (unsigned)n_threads));
		ready = go = passed = inside = 0;
		tokens = TOKENS;
		counter = serials = token_waits = 0;

		for (int i = 0; i < n_threads; i++)
			stress_thread(&t[i], STACK, worker, 0);
		CHECK_OK(pthread_mutex_lock(&m));
		while (ready < n_threads)
			CHECK_OK(pthread_cond_wait(&c_ready, &m));
		go = 1;
		CHECK_OK(pthread_cond_broadcast(&c_go));
		CHECK_OK(pthread_mutex_unlock(&m));
		for (int i = 0; i < n_threads; i++)
			stress_join(t[i]);

		CHECK(passed == n_threads, "%d of %d threads passed go", passed,
		      n_threads);
		CHECK(counter == (uint64_t)n_threads * K,
		      "counter %llu, expected %llu", (unsigned long long)counter,
		      (unsigned long long)n_threads * K);
		CHECK(tokens == TOKENS, "token pool holds %d of %d", tokens, TOKENS);
		CHECK(serials == 1, "%llu serial barrier waiters",
		      (unsigned long long)serials);
		CHECK_OK(pthread_barrier_destroy(&bar));
		CHECK_OK(pthread_cond_destroy(&c_token));
		CHECK_OK(pthread_cond_destroy(&c_go));
		CHECK_OK(pthread_cond_destroy(&c_ready));
		CHECK_OK(pthread_mutex_destroy(&m));
		double dt = stress_now() - t0;
		if (dt > slowest)
			slowest = dt;
		stress_note("mutex %s: %d threads, %llu token waits, %.2f s",
			    kind->name, n_threads, (unsigned long long)token_waits,
			    dt);
		total_waits += token_waits;
		rounds++;
	} while (stress_running());
	free(t);
	stress_pass("%llu rounds of %d threads (%llu threads in all, 64 KiB "
		    "stacks), each round exact; %llu token waits; slowest round "
		    "%.2f s",
		    (unsigned long long)rounds, n_threads,
		    (unsigned long long)rounds * (uint64_t)n_threads,
		    (unsigned long long)total_waits, slowest);
}
