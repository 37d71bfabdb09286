/* A broadcast to no more waiters than it wakes at once requeues nobody,
 * so its waiters re-lock the mutex as any locker does and nobody makes a
 * system call on the mutex word (docs/cond.md#no-requeue, C7): counted
 * with strace.
 *
 * The program runs itself under `strace -f -e trace=futex,write` with
 * FXPTHREAD_BROADCAST_WAKE=4 (SKIP when strace is missing or cannot trace
 * here).  In the traced child, WAITERS threads wait on one condvar for a
 * generation to change; each round the main thread waits until all of
 * them are asleep, then bumps the generation and broadcasts under the
 * mutex, and every waiter re-locks the mutex, counts itself and waits
 * again.  Markers (write(-1, ...): EBADF, but strace records it) give the
 * mutex's address and bracket the ROUNDS rounds.
 *
 * Between the markers no futex call may name the mutex word, and there
 * may be no FUTEX_CMP_REQUEUE: the waiters that meet on the mutex park
 * on nodes of their own.  Before C7 such a broadcast requeued (nobody)
 * and bumped the condvar's requeue count, so every waiter re-locked in
 * contended mode and its unlock made a FUTEX_WAKE on the word that found
 * nobody.  The same child then runs on glibc (LD_PRELOAD removed); its
 * counts are printed, not checked.
 */
#include "process_check.h"

#define WAITERS 3
#define ROUNDS 40
#define BWAKE "FXPTHREAD_BROADCAST_WAKE=4"

/* ------------------------------------------------------- traced child */

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t arrived_cv = PTHREAD_COND_INITIALIZER;
static int gen, arrived, passed;
static volatile pid_t tids[WAITERS];

static void *waiter(void *arg)
{
	long i = (long)arg;
	tids[i] = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(&m));
	for (int r = 0; r < ROUNDS; r++) {
		if (++arrived == WAITERS * (r + 1))
			CHECK_OK(pthread_cond_signal(&arrived_cv));
		while (gen == r)
			CHECK_OK(pthread_cond_wait(&cv, &m));
		passed++;
	}
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static int child(void)
{
	pthread_t th[WAITERS];
	char addr[64];
	snprintf(addr, sizeof addr, "FXP-MUTEX %p", (void *)&m);
	fxp_trace_marker(addr);
	fxp_trace_marker("FXP-BEGIN");
	for (long i = 0; i < WAITERS; i++)
		CHECK_OK(pthread_create(&th[i], 0, waiter, (void *)i));
	for (int r = 0; r < ROUNDS; r++) {
		CHECK_OK(pthread_mutex_lock(&m));
		while (arrived < WAITERS * (r + 1))
			CHECK_OK(pthread_cond_wait(&arrived_cv, &m));
		CHECK_OK(pthread_mutex_unlock(&m));
		/* every waiter asleep on cv, so that the broadcast wakes
		 * sleepers, not threads about to find gen changed */
		for (int i = 0; i < WAITERS; i++)
			fxp_wait_asleep(tids[i]);
		CHECK_OK(pthread_mutex_lock(&m));
		gen++;
		CHECK_OK(pthread_cond_broadcast(&cv));
		CHECK_OK(pthread_mutex_unlock(&m));
	}
	for (int i = 0; i < WAITERS; i++)
		CHECK_OK(pthread_join(th[i], 0));
	fxp_trace_marker("FXP-END");
	CHECK(passed == WAITERS * ROUNDS, "%d of %d waits passed", passed,
	      WAITERS * ROUNDS);
	return 0;
}

/* --------------------------------------------------------- the parent */

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--child") == 0) {
		fxp_scenario = "cond_small_broadcast_leaves_mutex_word_alone (child)";
		fxp_watchdog(60);
		return child();
	}
	fxp_begin("cond_small_broadcast_leaves_mutex_word_alone", 100);
	char self[4096];
	const char *lib = fxp_strace_begin(self, sizeof self);

	struct fxp_mutex_trace fx, gl;
	fxp_step("broadcasts to 3 waiters, fxpthread");
	if (fxp_strace_count_mutex(self, lib, BWAKE, "0", &fx) == FXP_SKIP) {
		printf("SKIP: strace cannot trace here\n");
		return FXP_SKIP;
	}
	fxp_step("broadcasts to 3 waiters, glibc");
	int glibc_ok = fxp_strace_count_mutex(self, 0, BWAKE, "0", &gl) == 0;
	fxp_note("%d broadcasts to %d waiters  fxpthread: %d futex calls, %d "
		 "on the mutex word, %d requeues", ROUNDS, WAITERS, fx.total,
		 fx.on_mutex, fx.requeues);
	if (glibc_ok)
		fxp_note("%d broadcasts to %d waiters  glibc:     %d futex calls, "
			 "%d on the mutex word, %d requeues", ROUNDS, WAITERS,
			 gl.total, gl.on_mutex, gl.requeues);
	fxp_step("checks");
	CHECK(fx.total >= ROUNDS * WAITERS, "%d futex calls traced for %d "
	      "sleeps: the waiters did not sleep, so the trace proves nothing",
	      fx.total, ROUNDS * WAITERS);
	CHECK(fx.requeues == 0, "%d FUTEX_CMP_REQUEUE for broadcasts to %d "
	      "sleepers, with 4 woken at once", fx.requeues, WAITERS);
	CHECK(fx.on_mutex == 0, "%d futex calls on the mutex word after %d "
	      "broadcasts that requeued nobody: their waiters re-locked in "
	      "contended mode", fx.on_mutex, ROUNDS);
	fxp_pass("a broadcast to 3 sleepers, 4 woken at once, requeues "
		 "nobody and its waiters leave the mutex word alone: no "
		 "futex call on the word in %d rounds", ROUNDS);
	return 0;
}
