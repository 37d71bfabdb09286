/* A waiter woken by pthread_cond_signal re-locks the mutex as any locker
 * does, so nobody makes a system call on the mutex word
 * (docs/cond.md#requeues, C6): counted with strace.
 *
 * The program runs itself under `strace -f -e trace=futex,write` (SKIP
 * when strace is missing or cannot trace here).  The traced child writes
 * the mutex's address in a marker (write(-1, ...) fails harmlessly, but
 * strace records it), then two threads play ping-pong over one default
 * mutex and two condvars for ROUNDS round trips, each signalling the other
 * under the mutex and waiting for its turn; a marker ends the round.
 *
 * Only a requeueing broadcast puts threads to sleep on a private mutex
 * word; there is none here, and a contended lock parks its thread on a
 * node of its own.  So between the markers no futex call may name the
 * mutex word.  Before C6 every re-acquire after a wait marked the word
 * contended, and the next unlock made a FUTEX_WAKE on it that woke nobody:
 * two per round trip.  The same child then runs on glibc (LD_PRELOAD
 * removed); its counts are printed, not checked.
 *
 * A second child does the same after one broadcast to two waiters (one of
 * them requeued onto the mutex), so that the condvar's requeue count has
 * moved before the ping-pong starts: the rule looks at broadcasts during
 * a wait, not at any broadcast ever made.
 */
#include "process_check.h"

#define ROUNDS 50

/* ------------------------------------------------------- traced child */

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t to_a = PTHREAD_COND_INITIALIZER;
static pthread_cond_t to_b = PTHREAD_COND_INITIALIZER;
static int turn_b, quit, ready, go;
static volatile pid_t btid, ctid;

static void *player_b(void *arg)
{
	btid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(&m));
	for (;;) {
		while (!turn_b && !quit)
			CHECK_OK(pthread_cond_wait(&to_b, &m));
		if (quit)
			break;
		turn_b = 0;
		CHECK_OK(pthread_cond_signal(&to_a));
	}
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

/* The second child's extra waiter on to_b, released by the broadcast. */
static void *bystander(void *arg)
{
	ctid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(&m));
	ready++;
	while (!go)
		CHECK_OK(pthread_cond_wait(&to_b, &m));
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static int child(int bcast)
{
	pthread_t b, c;
	char addr[64];
	if (bcast) {
		/* Two waiters asleep on to_b, one broadcast: the requeue count
		 * moves, one of them is moved onto the mutex word. */
		CHECK_OK(pthread_create(&c, 0, bystander, 0));
		for (;;) {
			CHECK_OK(pthread_mutex_lock(&m));
			int r = ready;
			CHECK_OK(pthread_mutex_unlock(&m));
			if (r == 1)
				break;
			fxp_sleep_us(1000);
		}
		fxp_wait_asleep(ctid);
		CHECK_OK(pthread_mutex_lock(&m));
		ready = 0;
		CHECK_OK(pthread_mutex_unlock(&m));
	}
	CHECK_OK(pthread_create(&b, 0, player_b, 0));
	while (!btid)
		fxp_sleep_us(200);
	fxp_wait_asleep(btid);
	if (bcast) {
		CHECK_OK(pthread_mutex_lock(&m));
		go = 1;
		CHECK_OK(pthread_cond_broadcast(&to_b));
		CHECK_OK(pthread_mutex_unlock(&m));
		CHECK_OK(pthread_join(c, 0));
		/* player_b went back to sleep on to_b (turn_b is 0) */
		fxp_wait_asleep(btid);
	}
	snprintf(addr, sizeof addr, "FXP-MUTEX %p", (void *)&m);
	fxp_trace_marker(addr);
	fxp_trace_marker("FXP-BEGIN");
	CHECK_OK(pthread_mutex_lock(&m));
	for (int i = 0; i < ROUNDS; i++) {
		turn_b = 1;
		CHECK_OK(pthread_cond_signal(&to_b));
		while (turn_b)
			CHECK_OK(pthread_cond_wait(&to_a, &m));
	}
	CHECK_OK(pthread_mutex_unlock(&m));
	fxp_trace_marker("FXP-END");
	CHECK_OK(pthread_mutex_lock(&m));
	quit = 1;
	CHECK_OK(pthread_cond_signal(&to_b));
	CHECK_OK(pthread_mutex_unlock(&m));
	CHECK_OK(pthread_join(b, 0));
	return 0;
}

/* --------------------------------------------------------- the parent */

/* Runs the child under strace; preload is the library to preload, or 0
 * for glibc.  Returns 0, or FXP_SKIP when strace could not trace.  With
 * one thread woken per broadcast, the bystander is requeued onto the
 * mutex word. */
static int traced_run(const char *self, const char *preload, int bcast,
		      struct fxp_mutex_trace *k)
{
	return fxp_strace_count_mutex(self, preload,
				      bcast ? "FXPTHREAD_BROADCAST_WAKE=1"
					    : "FXPTHREAD_BROADCAST_WAKE",
				      bcast ? "1" : "0", k);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--child") == 0) {
		fxp_scenario = "cond_signal_leaves_mutex_word_alone (child)";
		fxp_watchdog(60);
		return child(atoi(argv[2]));
	}
	fxp_begin("cond_signal_leaves_mutex_word_alone", 100);
	char self[4096];
	const char *lib = fxp_strace_begin(self, sizeof self);

	for (int bcast = 0; bcast < 2; bcast++) {
		struct fxp_mutex_trace fx, gl;
		fxp_step(bcast ? "ping-pong after a broadcast, fxpthread"
			       : "ping-pong, fxpthread");
		if (traced_run(self, lib, bcast, &fx) == FXP_SKIP) {
			printf("SKIP: strace cannot trace here\n");
			return FXP_SKIP;
		}
		fxp_step(bcast ? "ping-pong after a broadcast, glibc"
			       : "ping-pong, glibc");
		int glibc_ok = traced_run(self, 0, bcast, &gl) == 0;
		fxp_note("%s%d round trips  fxpthread: %d futex calls, %d on "
			 "the mutex word", bcast ? "after a broadcast, " : "",
			 ROUNDS, fx.total, fx.on_mutex);
		if (glibc_ok)
			fxp_note("%s%d round trips  glibc:     %d futex calls, "
				 "%d on the mutex word",
				 bcast ? "after a broadcast, " : "", ROUNDS,
				 gl.total, gl.on_mutex);
		fxp_step("checks");
		CHECK(fx.total > 0, "no futex calls traced: the ping-pong did "
		      "not sleep, so the trace proves nothing");
		CHECK(fx.on_mutex == 0, "%d futex calls on the mutex word in "
		      "%d signalled round trips: a signalled waiter re-locked "
		      "in contended mode", fx.on_mutex, ROUNDS);
		fxp_progress();
	}
	fxp_pass("a waiter woken by a signal re-locks without marking the "
		 "mutex word contended: no futex call on the word in 50 "
		 "ping-pong round trips, also after an earlier broadcast");
	return 0;
}
