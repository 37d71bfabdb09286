/* The thread woken by a signal may destroy the condvar and free its memory
 * as soon as its wait returns: nobody is blocked on it any more (POSIX),
 * although the signalling thread may still be inside pthread_cond_signal
 * or pthread_cond_broadcast, having signalled without holding the mutex.
 * fxpthread's waker touches the condvar after its wake (it subtracts what
 * the kernel took off the queue, C5 in docs/cond.md), so it counts itself
 * in `waiters` around that and destroy waits for it (C3).
 *
 * ROUNDS rounds, signal and broadcast alternating:
 *   1. W locks m and waits on e->cv while e->busy (e is a fresh malloc'd
 *      element), counting itself first; main sees the count under m.
 *   2. main clears busy under m, unlocks, then signals (or broadcasts).
 *   3. W, woken, unlocks, destroys e->cv (0 required), fills e with junk,
 *      frees it, mallocs a block of the same size (usually e's memory)
 *      and fills it with a pattern.
 *   4. Once main's signal call has returned, the pattern must be intact:
 *      main wrote nothing into the freed condvar.
 */
#include "process_check.h"

#define ROUNDS 2000

struct elt {
	pthread_cond_t cv;
	int busy;
	char tail[64];
};

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static struct elt *volatile e;
static int waiting;
static pthread_barrier_t start, signalled, checked;
static unsigned char *volatile q;
static int destroy_rc;

static void *waiter(void *arg)
{
	for (int r = 0; r < ROUNDS; r++) {
		pthread_barrier_wait(&start);
		CHECK_OK(pthread_mutex_lock(&m));
		struct elt *x = e;
		waiting = 1;
		while (x->busy)
			CHECK_OK(pthread_cond_wait(&x->cv, &m));
		CHECK_OK(pthread_mutex_unlock(&m));
		destroy_rc = pthread_cond_destroy(&x->cv);
		memset(x, 0xa5, sizeof *x);
		free(x);
		unsigned char *p = malloc(sizeof *x);
		CHECK(p, "malloc");
		memset(p, 0x5a, sizeof *x);
		q = p;
		pthread_barrier_wait(&signalled);
		pthread_barrier_wait(&checked);
	}
	return 0;
}

int main(void)
{
	fxp_begin("cond_destroy_by_woken_waiter", 60);
	CHECK_OK(pthread_barrier_init(&start, 0, 2));
	CHECK_OK(pthread_barrier_init(&signalled, 0, 2));
	CHECK_OK(pthread_barrier_init(&checked, 0, 2));
	pthread_t t;
	CHECK_OK(pthread_create(&t, 0, waiter, 0));
	int reused = 0;
	for (int r = 0; r < ROUNDS; r++) {
		fxp_progress();
		struct elt *x = malloc(sizeof *x);
		CHECK(x, "malloc");
		CHECK_OK(pthread_cond_init(&x->cv, 0));
		x->busy = 1;
		e = x;
		waiting = 0;
		pthread_barrier_wait(&start);
		for (;;) {
			CHECK_OK(pthread_mutex_lock(&m));
			if (waiting)
				break; /* keep m: W is inside its wait */
			CHECK_OK(pthread_mutex_unlock(&m));
			fxp_sleep_us(20);
		}
		x->busy = 0;
		CHECK_OK(pthread_mutex_unlock(&m));
		/* no access to x after this call: W frees it */
		CHECK_OK(r & 1 ? pthread_cond_broadcast(&x->cv)
			       : pthread_cond_signal(&x->cv));
		pthread_barrier_wait(&signalled);
		CHECK(destroy_rc == 0, "round %d: destroy by the woken waiter "
		      "returned %d", r, destroy_rc);
		unsigned char *p = q;
		reused += (void *)p == (void *)x;
		for (size_t i = 0; i < sizeof *x; i++)
			CHECK(p[i] == 0x5a, "round %d: byte %zu of the freed "
			      "condvar's memory changed to %#x: the %s wrote to "
			      "it after the woken waiter destroyed it", r, i, p[i],
			      r & 1 ? "broadcast" : "signal");
		free(p);
		pthread_barrier_wait(&checked);
	}
	CHECK_OK(pthread_join(t, 0));
	fxp_pass("%d rounds: the woken waiter destroyed and freed the condvar "
		 "while the signal or broadcast outside the mutex returned; no "
		 "write to the freed memory (block reused at once in %d rounds)",
		 ROUNDS, reused);
	return 0;
}
