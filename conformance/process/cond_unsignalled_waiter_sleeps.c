/* A condvar waiter spins on the condvar's sequence word before it sleeps
 * (docs/cond.md#spin, C8), but only for a bounded, learned budget: a
 * waiter nobody signals must end up asleep, not busy.  Measured with the
 * waiting thread's own CPU time (CLOCK_THREAD_CPUTIME_ID), which a busy
 * machine does not inflate.
 *
 *   1. one waiter, WAITS timed waits of WAIT_MS each that nobody signals:
 *      every one must time out (ETIMEDOUT, mutex held again), and the
 *      thread's CPU time over all of them must stay below a tenth of the
 *      time it waited (a spin that never gave up would use all of it; the
 *      spin's bound is tens of microseconds per wait);
 *   2. the same after a phase in which the waiter was signalled quickly
 *      many times (ping-pong, which teaches the condvar a long spin): the
 *      budget must still give way to sleeping.
 */
#include "process_check.h"

#define WAITS 20
#define WAIT_MS 15
#define PINGPONG 20000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t back = PTHREAD_COND_INITIALIZER;
static int turn, stop;

static double thread_cpu_ms(void)
{
	struct timespec t;
	CHECK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0,
	      "CLOCK_THREAD_CPUTIME_ID");
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Timed waits nobody signals; returns the CPU time they used, in ms. */
static double unsignalled_waits(void)
{
	double t0 = thread_cpu_ms();
	CHECK_OK(pthread_mutex_lock(&m));
	for (int i = 0; i < WAITS; i++) {
		struct timespec dl = fxp_after_ms(CLOCK_REALTIME, WAIT_MS);
		int r;
		do
			r = pthread_cond_timedwait(&cv, &m, &dl);
		while (r == 0); /* a spurious wakeup: wait again */
		CHECK(r == ETIMEDOUT, "wait %d returned %d, expected ETIMEDOUT",
		      i, r);
		CHECK(pthread_mutex_trylock(&m) == EBUSY,
		      "the mutex is not held after a timed-out wait");
	}
	CHECK_OK(pthread_mutex_unlock(&m));
	return thread_cpu_ms() - t0;
}

static void *partner(void *arg)
{
	CHECK_OK(pthread_mutex_lock(&m));
	for (;;) {
		while (turn != 1 && !stop)
			CHECK_OK(pthread_cond_wait(&back, &m));
		if (stop)
			break;
		turn = 0;
		CHECK_OK(pthread_cond_signal(&cv));
	}
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

int main(void)
{
	fxp_begin("cond_unsignalled_waiter_sleeps", 100);
	double budget = 0.1 * WAITS * WAIT_MS;

	fxp_step("unsignalled timed waits");
	double used = unsignalled_waits();
	fxp_note("%d unsignalled waits of %d ms: %.2f ms of CPU", WAITS,
		 WAIT_MS, used);
	CHECK(used < budget, "%.1f ms of CPU in %d ms of unsignalled waits: "
	      "the waiter did not go to sleep", used, WAITS * WAIT_MS);
	fxp_progress();

	fxp_step("ping-pong, then unsignalled timed waits");
	pthread_t p;
	CHECK_OK(pthread_create(&p, 0, partner, 0));
	CHECK_OK(pthread_mutex_lock(&m));
	for (int i = 0; i < PINGPONG; i++) {
		turn = 1;
		CHECK_OK(pthread_cond_signal(&back));
		while (turn == 1)
			CHECK_OK(pthread_cond_wait(&cv, &m));
	}
	stop = 1;
	CHECK_OK(pthread_cond_signal(&back));
	CHECK_OK(pthread_mutex_unlock(&m));
	CHECK_OK(pthread_join(p, 0));
	used = unsignalled_waits();
	fxp_note("after %d round trips, %d unsignalled waits of %d ms: "
		 "%.2f ms of CPU", PINGPONG, WAITS, WAIT_MS, used);
	CHECK(used < budget, "%.1f ms of CPU in %d ms of unsignalled waits "
	      "after a ping-pong: the learned spin did not give way to "
	      "sleeping", used, WAITS * WAIT_MS);
	fxp_pass("a waiter nobody signals sleeps: its spin before sleeping "
		 "is bounded, also after a ping-pong taught the condvar a "
		 "long one");
	return 0;
}
