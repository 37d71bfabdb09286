/* Cancelling condvar waiters never breaks the condvar:
 *   - a cancelled waiter's cleanup handler runs with the mutex held by
 *     its own thread (POSIX: the mutex is re-acquired before the cleanup
 *     handlers run).  The mutex is ERRORCHECK, so pthread_mutex_unlock in
 *     the handler answers 0 only for the owner;
 *   - no wakeup is lost: a signal whose chosen waiter is cancelled before
 *     it returns must still reach another waiter;
 *   - no hang: every cancelled waiter is joined within a bound.
 *
 * NWAITERS waiters loop: lock m; push handler; while no token, wait on
 * cv; take a token, signal `consumed`; ...; pop; unlock.
 * The producer (the signaller) posts TOKENS tokens one at a time and
 * waits, bounded, for each to be consumed.  A canceller thread cancels
 * random sleeping waiters between tokens.  Cancelled waiters are replaced
 * only between tokens, and no cancellation is in flight while a token is
 * pending other than the one below, so neither a fresh waiter (which
 * checks the predicate before it waits) nor another cancellation's
 * passed-on signal can hide a lost wakeup.
 *
 * The interleaving that loses a wakeup if the library does not pass the
 * signal on, provoked every third token:
 *   1. waiters W1..Wn sleep in pthread_cond_wait (no token).
 *   2. producer: lock m, token = 1, pthread_cond_signal: the kernel wakes
 *      one of them, say W1.
 *   3. producer, at once, still holding m: pthread_cancel(Wk) for a random
 *      k; when k == 1, W1 is usually not yet running and the cancellation
 *      acts inside the wait.
 *   4. producer waits for the token to be consumed (releasing m).  W1 is
 *      gone; W2..Wn must get a wakeup or the token stays forever (the
 *      bound reports it).
 * Run with an errorcheck mutex, an errorcheck PI mutex (the kernel
 * requeues PI waiters onto the mutex word) and an errorcheck robust one.
 */
#include "process_check.h"

#define NWAITERS 6
#define TOKENS 3000

enum { S_DEAD, S_ALIVE, S_CANCELLING };

struct waiter {
	pthread_t t;
	volatile int pushed;
	volatile int handler_ran;
	int handler_rc;
};

static pthread_mutex_t m;
static pthread_cond_t cv, cv_consumed;
static long tokens, produced, consumed;
static int done;

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
/* Held by the producer for a whole token (post, wait, reap) and by the
 * canceller for a whole cancellation (cancel, join): they alternate. */
static pthread_mutex_t phase = PTHREAD_MUTEX_INITIALIZER;
static struct waiter *slot[NWAITERS];
static int state[NWAITERS];
static int alive;
static volatile int stop_cancelling;
static long cancellations;
static long longest_us; /* longest wait for a token, for the record */

static void handler(void *arg)
{
	struct waiter *w = arg;
	w->handler_rc = pthread_mutex_unlock(&m);
	w->handler_ran = 1;
}

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	CHECK_OK(pthread_mutex_lock(&m));
	pthread_cleanup_push(handler, w);
	w->pushed = 1;
	for (;;) {
		while (tokens == 0 && !done) {
			int r = pthread_cond_wait(&cv, &m);
			CHECK(r == 0, "cond_wait returned %d", r);
		}
		if (tokens == 0 && done)
			break;
		tokens--;
		consumed++;
		CHECK_OK(pthread_cond_signal(&cv_consumed));
	}
	pthread_cleanup_pop(0);
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static struct waiter *start_waiter(void)
{
	struct waiter *w = calloc(1, sizeof *w);
	CHECK(w, "calloc");
	CHECK_OK(pthread_create(&w->t, 0, waiter_main, w));
	return w;
}

/* Join within a bound. */
static void *join_bounded(struct waiter *w)
{
	void *ret;
	struct timespec ts = fxp_after_ms(CLOCK_REALTIME, 30000);
	int r = pthread_timedjoin_np(w->t, &ret, &ts);
	CHECK(r == 0, "a waiter did not exit within the bound (%d): hang",
	      r);
	return ret;
}

/* Pick a live waiter to cancel (keeping at least 3 alive), or -1. */
static int pick_victim(uint32_t *seed)
{
	int v = -1;
	CHECK_OK(pthread_mutex_lock(&slots_lock));
	if (alive > 3) {
		int i = (int)(fxp_rand(seed) % NWAITERS);
		for (int n = 0; n < NWAITERS; n++, i = (i + 1) % NWAITERS)
			if (state[i] == S_ALIVE) {
				state[i] = S_CANCELLING;
				alive--;
				v = i;
				break;
			}
	}
	CHECK_OK(pthread_mutex_unlock(&slots_lock));
	return v;
}

/* The victim was cancelled: join it, check its handler, free the slot. */
static void reap_victim(int i)
{
	struct waiter *w = slot[i];
	void *ret = join_bounded(w);
	CHECK(ret == PTHREAD_CANCELED, "cancelled waiter returned normally");
	CHECK(w->pushed, "a waiter was cancelled before it reached its only "
	      "cancellation point (pthread_cond_wait)");
	CHECK(w->handler_ran, "cleanup handler did not run");
	CHECK(w->handler_rc == 0, "cleanup handler: pthread_mutex_unlock "
	      "returned %d (%s): the mutex was not held by the cancelled "
	      "thread", w->handler_rc, strerror(w->handler_rc));
	free(w);
	CHECK_OK(pthread_mutex_lock(&slots_lock));
	slot[i] = 0;
	state[i] = S_DEAD;
	cancellations++;
	CHECK_OK(pthread_mutex_unlock(&slots_lock));
}

static void *canceller(void *arg)
{
	uint32_t seed = 0x1234567u;
	while (!__atomic_load_n(&stop_cancelling, __ATOMIC_SEQ_CST)) {
		CHECK_OK(pthread_mutex_lock(&phase));
		int i = pick_victim(&seed);
		if (i >= 0) {
			CHECK_OK(pthread_cancel(slot[i]->t));
			reap_victim(i);
		}
		CHECK_OK(pthread_mutex_unlock(&phase));
		fxp_sleep_us(fxp_rand(&seed) % 100);
	}
	return 0;
}

/* Between tokens: replace the cancelled waiters. */
static void refill(void)
{
	CHECK_OK(pthread_mutex_lock(&slots_lock));
	for (int i = 0; i < NWAITERS; i++)
		if (state[i] == S_DEAD) {
			slot[i] = start_waiter();
			state[i] = S_ALIVE;
			alive++;
		}
	CHECK_OK(pthread_mutex_unlock(&slots_lock));
}

static void storm(const struct fxp_mutex_kind *k)
{
	tokens = produced = consumed = 0;
	done = 0;
	stop_cancelling = 0;
	cancellations = 0;
	longest_us = 0;
	alive = 0;
	fxp_mutex_init(&m, k);
	CHECK_OK(pthread_cond_init(&cv, 0));
	CHECK_OK(pthread_cond_init(&cv_consumed, 0));
	for (int i = 0; i < NWAITERS; i++)
		state[i] = S_DEAD;
	refill();
	pthread_t c;
	CHECK_OK(pthread_create(&c, 0, canceller, 0));

	fxp_step("produce tokens one by one under cancellations");
	uint32_t seed = 0xabcdef1u;
	for (long t = 0; t < TOKENS; t++) {
		fxp_progress();
		CHECK_OK(pthread_mutex_lock(&phase));
		if (t % 8 == 0)
			refill();
		CHECK_OK(pthread_mutex_lock(&m));
		tokens++;
		produced++;
		if (t % 16 == 15)
			CHECK_OK(pthread_cond_broadcast(&cv));
		else
			CHECK_OK(pthread_cond_signal(&cv));
		int victim = -1;
		if (t % 3 == 0) {
			/* step 3: cancel right after the signal */
			victim = pick_victim(&seed);
			if (victim >= 0)
				CHECK_OK(pthread_cancel(slot[victim]->t));
		}
		struct timespec bound = fxp_after_ms(CLOCK_REALTIME, 30000);
		struct timespec t0 = fxp_now(CLOCK_MONOTONIC);
		while (consumed < produced) {
			int r = pthread_cond_timedwait(&cv_consumed, &m, &bound);
			CHECK(r == 0 || r == ETIMEDOUT, "timedwait %d", r);
			CHECK(r == 0 || consumed == produced, "%s: token %ld "
			      "was never consumed (%ld waiting, %ld consumed): "
			      "a wakeup was lost", k->name, t, tokens,
			      consumed);
		}
		CHECK_OK(pthread_mutex_unlock(&m));
		struct timespec t1 = fxp_now(CLOCK_MONOTONIC);
		long us = (t1.tv_sec - t0.tv_sec) * 1000000L +
			  (t1.tv_nsec - t0.tv_nsec) / 1000;
		if (us > longest_us)
			longest_us = us;
		if (victim >= 0)
			reap_victim(victim);
		CHECK_OK(pthread_mutex_unlock(&phase));
		if (t % 4 == 0)
			sched_yield(); /* let the canceller in */
	}

	fxp_step("stop the canceller, release the waiters");
	__atomic_store_n(&stop_cancelling, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_join(c, 0));
	CHECK_OK(pthread_mutex_lock(&m));
	done = 1;
	CHECK_OK(pthread_cond_broadcast(&cv));
	CHECK_OK(pthread_mutex_unlock(&m));
	for (int i = 0; i < NWAITERS; i++) {
		if (state[i] != S_ALIVE)
			continue;
		void *ret = join_bounded(slot[i]);
		CHECK(ret == 0, "waiter did not finish normally");
		CHECK(!slot[i]->handler_ran, "handler ran without a cancel");
		free(slot[i]);
	}
	CHECK(produced == TOKENS && consumed == TOKENS && tokens == 0,
	      "produced %ld consumed %ld left %ld", produced, consumed,
	      tokens);
	CHECK(cancellations > 0, "no cancellation happened");
	CHECK_OK(pthread_cond_destroy(&cv));
	CHECK_OK(pthread_cond_destroy(&cv_consumed));
	CHECK_OK(pthread_mutex_destroy(&m));
	fxp_note("%s: %d tokens, %ld cancellations, every handler held the "
		 "mutex; longest wait for a token %ld us", k->name, TOKENS,
		 cancellations, longest_us);
}

int main(void)
{
	fxp_begin("cond_cancellation_storm_keeps_tokens", 45);
	struct fxp_mutex_kind kinds[] = {
		{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
		  PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck PI", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
		{ "errorcheck robust", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE,
		  PTHREAD_PROCESS_PRIVATE },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		fxp_step(kinds[i].name);
		storm(&kinds[i]);
	}
	fxp_pass("%d tokens per mutex kind produced and consumed under "
		 "cancellations; every cleanup handler held the mutex",
		 TOKENS);
	return 0;
}
