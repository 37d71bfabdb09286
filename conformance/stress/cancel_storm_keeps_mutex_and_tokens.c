/* A cancellation storm on condition-variable waiters.
 *
 * Eight consumer threads take tokens from a producer (pthread_cond_wait,
 * or a timed wait with a far deadline, on a mutex whose kind rotates per
 * round); the main thread cancels random consumers as fast as it can,
 * joins them and starts replacements.  A cancelled consumer's cleanup
 * handler runs where POSIX says it must: with the mutex held again.
 *
 * Invariants checked:
 *   1. Every cleanup handler runs with the mutex held by its own thread:
 *      for the kinds that know their owner, unlocking it (as many times
 *      as the consumer locked it: recursive kinds lock twice) returns 0
 *      and one more unlock returns EPERM; for every kind, no other thread
 *      is inside the critical section at that moment (`inside` count).
 *   2. A cancelled waiter does not swallow a wakeup meant for another:
 *      with consumers waiting untimed, a token left untaken for 10 s
 *      fails the run (the producer wakes with one signal per token).
 *   3. Tokens are conserved: produced == consumed at the end of a round.
 *   4. Every cancelled thread joins with PTHREAD_CANCELED.
 *
 *   -n  consumer threads (default 8)
 */
#include "stress.h"

/* AddressSanitizer does not see a cancelled thread's frames go: the
 * scope poisoning of the pthread_cleanup_push buffers (here and in the
 * library's wait) stays behind, and the runtime's own thread teardown
 * then reports its writes there as stack-use-after-scope (a report about
 * the sanitizer's bookkeeping, not about this program or the library).
 * When the thread ends, forget the poison of its whole stack; the
 * runtime's __asan_handle_no_return cannot be used for it, since it
 * trips over the same poison itself. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
static pthread_key_t unwound_key;
static pthread_once_t unwound_once = PTHREAD_ONCE_INIT;
static __thread void *stack_lo;
static __thread size_t stack_size;

static void forget_unwound_frames(void *p)
{
	(void)p;
	__asan_unpoison_memory_region(stack_lo, stack_size);
}

static void make_unwound_key(void)
{
	pthread_key_create(&unwound_key, forget_unwound_frames);
}

static void asan_thread_may_be_cancelled(void)
{
	pthread_attr_t a;
	pthread_once(&unwound_once, make_unwound_key);
	if (pthread_getattr_np(pthread_self(), &a) != 0)
		return;
	pthread_attr_getstack(&a, &stack_lo, &stack_size);
	pthread_attr_destroy(&a);
	pthread_setspecific(unwound_key, (void *)1);
}
#else
static void asan_thread_may_be_cancelled(void)
{
}
#endif

#define CAP 4
#define STALL_SECONDS 10
#define MAX_WAITERS 64

enum wait_style { WAIT, TIMEDWAIT, CLOCKWAIT_MONO, NSTYLES };
static const char *style_names[] = { "wait", "timedwait", "clockwait" };

static const struct stress_mutex_kind *kinds[] = {
	&stress_mutex_kinds[2], /* errorcheck */
	&stress_mutex_kinds[3], /* recursive */
	&stress_mutex_kinds[4], /* robust */
	&stress_mutex_kinds[7], /* pi-errorcheck */
	&stress_mutex_kinds[0], /* normal */
	&stress_mutex_kinds[5], /* robust-recursive */
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const struct stress_mutex_kind *kind;
static int depth;	  /* times a consumer locks the mutex */
static int owner_checked; /* the kind answers EPERM to a non-owner */
static enum wait_style style;

static pthread_mutex_t m;
static pthread_cond_t c_nonempty, c_space;
static int tokens, done, waiting, inside;
static uint64_t produced, consumed, cleanups;
static int producer_stop;

static void enter(const char *where)
{
	CHECK(inside == 0, "%s: another thread is inside the critical section "
			   "(mutex %s)", where, kind->name);
	inside = 1;
}

static void leave(void)
{
	inside = 0;
}

static void lock_all(void)
{
	for (int i = 0; i < depth; i++)
		CHECK_OK(pthread_mutex_lock(&m));
}

static void unlock_all(void)
{
	for (int i = 0; i < depth; i++)
		CHECK_OK(pthread_mutex_unlock(&m));
}

/* Runs when the consumer is cancelled inside the wait: the mutex must be
 * ours again, at the depth we locked it. */
static void cancelled_in_wait(void *arg)
{
	(void)arg;
	enter("cleanup handler");
	waiting--;
	cleanups++;
	leave();
	for (int i = 0; i < depth; i++) {
		int e = pthread_mutex_unlock(&m);
		CHECK(e == 0,
		      "cleanup handler: unlock %d of %d returned %s: the "
		      "mutex (%s) was not held by the cancelled thread",
		      i + 1, depth, stress_errname(e), kind->name);
	}
	if (owner_checked) {
		int e = pthread_mutex_unlock(&m);
		CHECK(e == EPERM,
		      "cleanup handler: the mutex (%s) was held %s: extra "
		      "unlock returned %s",
		      kind->name, "deeper than locked", stress_errname(e));
	}
}

static void wait_once(void)
{
	int e;
	struct timespec d;
	switch (style) {
	case WAIT:
		e = pthread_cond_wait(&c_nonempty, &m);
		CHECK(e == 0, "pthread_cond_wait returned %s", stress_errname(e));
		return;
	case TIMEDWAIT:
		d = ts_after_ns(CLOCK_REALTIME, 30000000000LL);
		e = pthread_cond_timedwait(&c_nonempty, &m, &d);
		break;
	default:
		d = ts_after_ns(CLOCK_MONOTONIC, 30000000000LL);
		e = pthread_cond_clockwait(&c_nonempty, &m, CLOCK_MONOTONIC, &d);
	}
	CHECK(e == 0, "timed cond wait (30 s deadline) returned %s",
	      stress_errname(e));
}

static void *consumer(void *p)
{
	(void)p;
	asan_thread_may_be_cancelled();
	for (;;) {
		pthread_testcancel();
		lock_all();
		enter("consumer");
		pthread_cleanup_push(cancelled_in_wait, 0);
		while (tokens == 0 && !done) {
			waiting++;
			leave();
			wait_once(); /* the cancellation point */
			enter("consumer after wait");
			waiting--;
		}
		pthread_cleanup_pop(0);
		int stop = tokens == 0;
		if (!stop) {
			tokens--;
			consumed++;
			CHECK_OK(pthread_cond_signal(&c_space));
		}
		leave();
		unlock_all();
		if (stop)
			return 0;
	}
}

static void *producer(void *p)
{
	(void)p;
	struct stress_rng r = stress_rng_for(1);
	CHECK_OK(pthread_mutex_lock(&m));
	enter("producer");
	while (!__atomic_load_n(&producer_stop, __ATOMIC_SEQ_CST)) {
		double since = stress_now();
		uint64_t consumed0 = consumed;
		while (tokens >= CAP) {
			struct timespec d = ts_after_ns(CLOCK_REALTIME, 250000000);
			leave();
			int e = pthread_cond_timedwait(&c_space, &m, &d);
			enter("producer after wait");
			CHECK(e == 0 || e == ETIMEDOUT,
			      "producer timedwait returned %s", stress_errname(e));
			if (consumed != consumed0) {
				consumed0 = consumed;
				since = stress_now();
			}
			CHECK(!(tokens > 0 && waiting > 0 &&
				stress_now() - since > STALL_SECONDS),
			      "lost wakeup: %d tokens untaken for %d s while %d "
			      "consumers wait (mutex %s, %s)",
			      tokens, STALL_SECONDS, waiting, kind->name,
			      style_names[style]);
		}
		tokens++;
		produced++;
		if (stress_below(&r, 16) == 0)
			CHECK_OK(pthread_cond_broadcast(&c_nonempty));
		else
			CHECK_OK(pthread_cond_signal(&c_nonempty));
		if (stress_below(&r, 4) == 0) {
			leave();
			CHECK_OK(pthread_mutex_unlock(&m));
			sched_yield();
			CHECK_OK(pthread_mutex_lock(&m));
			enter("producer");
		}
	}
	done = 1;
	CHECK_OK(pthread_cond_broadcast(&c_nonempty));
	leave();
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static void hang_report(void)
{
	stress_write_u64("tokens", (uint64_t)tokens);
	stress_write_u64("produced", produced);
	stress_write_u64("consumed", consumed);
	stress_write_u64("waiting", (uint64_t)waiting);
	stress_write_u64("cleanups", cleanups);
}

int main(int argc, char **argv)
{
	stress_begin(argc, argv, "cancel_storm_keeps_mutex_and_tokens", 3.0, 8,
		     "consumer threads (max 64)");
	stress_hang_hook = hang_report;
	int nw = stress.n > MAX_WAITERS ? MAX_WAITERS : (int)stress.n;
	struct stress_rng r = stress_rng_for(2);
	double round_len = stress.seconds / 6;
	if (round_len < 0.25)
		round_len = 0.25;
	uint64_t round = 0, total_cancels = 0, total_cleanups = 0,
		 total_tokens = 0;
	do {
		kind = kinds[round % NKINDS];
		style = (enum wait_style)((round / NKINDS + round) % NSTYLES);
		/* fxpthread's wait releases a recursive mutex completely and
		 * restores the depth (docs/cond.md); glibc releases one level
		 * only, which POSIX allows, so on glibc lock once. */
		depth = kind->type == PTHREAD_MUTEX_RECURSIVE && stress.on_fx ? 2 : 1;
		owner_checked = stress_kind_checks_owner(kind);
		stress_phase(kind->name);
		stress_mutex_init(&m, kind, 0);
		pthread_condattr_t ca;
		CHECK_OK(pthread_condattr_init(&ca));
		if (style == CLOCKWAIT_MONO)
			CHECK_OK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC));
		CHECK_OK(pthread_cond_init(&c_nonempty, &ca));
		CHECK_OK(pthread_condattr_destroy(&ca));
		CHECK_OK(pthread_cond_init(&c_space, 0));
		tokens = done = waiting = inside = 0;
		produced = consumed = cleanups = 0;
		producer_stop = 0;

		pthread_t w[MAX_WAITERS], prod;
		for (int i = 0; i < nw; i++)
			stress_thread(&w[i], 64 * 1024, consumer, 0);
		stress_thread(&prod, 0, producer, 0);

		uint64_t cancels = 0;
		double end = stress_now() + round_len;
		while (stress_now() < end) {
			int i = (int)stress_below(&r, (unsigned)nw);
			CHECK_OK(pthread_cancel(w[i]));
			void *ret;
			CHECK_OK(pthread_join(w[i], &ret));
			CHECK(ret == PTHREAD_CANCELED,
			      "cancelled consumer returned %p, not "
			      "PTHREAD_CANCELED", ret);
			cancels++;
			stress_thread(&w[i], 64 * 1024, consumer, 0);
			if (stress_below(&r, 4) == 0)
				stress_sleep_us((long)stress_below(&r, 300));
		}
		stress_phase("draining");
		__atomic_store_n(&producer_stop, 1, __ATOMIC_SEQ_CST);
		stress_join(prod);
		for (int i = 0; i < nw; i++) {
			void *ret;
			CHECK_OK(pthread_join(w[i], &ret));
			CHECK(ret == 0, "consumer returned %p at the end", ret);
		}
		CHECK(produced == consumed && tokens == 0,
		      "tokens not conserved: produced %llu, consumed %llu, left %d",
		      (unsigned long long)produced, (unsigned long long)consumed,
		      tokens);
		CHECK(waiting == 0, "%d waiters unaccounted for", waiting);
		CHECK_OK(pthread_cond_destroy(&c_nonempty));
		CHECK_OK(pthread_cond_destroy(&c_space));
		CHECK_OK(pthread_mutex_destroy(&m));
		stress_note("mutex %s, %s: %llu cancels (%llu inside the wait), "
			    "%llu tokens",
			    kind->name, style_names[style],
			    (unsigned long long)cancels,
			    (unsigned long long)cleanups,
			    (unsigned long long)produced);
		total_cancels += cancels;
		total_cleanups += cleanups;
		total_tokens += produced;
		round++;
	} while (stress_running() || round < NKINDS);

	CHECK(total_cleanups > 0, "no consumer was ever cancelled inside a wait");
	stress_pass("%llu rounds, %llu cancellations (%llu inside a cond wait, "
		    "cleanup with the mutex held each time), %llu tokens "
		    "conserved",
		    (unsigned long long)round, (unsigned long long)total_cancels,
		    (unsigned long long)total_cleanups,
		    (unsigned long long)total_tokens);
}
