/* (7) Barrier round trips: T threads call pthread_barrier_wait in a loop.
 * thr= rounds per second.
 *
 * Stopping without a deadlock: every thread must leave after the same
 * round.  The serial thread of round k, if the stop flag is up, sets
 * quit_at = k + 1 before it arrives at round k + 1; everyone leaves right
 * after round quit_at, whose barrier orders that store before their
 * read. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include "bench.h"

static pthread_barrier_t barrier;
static long long quit_at = LLONG_MAX;
static int stop;
static double t_end;
static struct gate gate;

static void *worker(void *arg)
{
	struct slot *s = arg;
	gate_arrive_and_wait(&gate);
	for (long long k = 1;; k++) {
		int r = pthread_barrier_wait(&barrier);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD && load_i(&stop) &&
		    __atomic_load_n(&quit_at, __ATOMIC_RELAXED) == LLONG_MAX)
			__atomic_store_n(&quit_at, k + 1, __ATOMIC_RELAXED);
		else if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
			check(r, "pthread_barrier_wait");
		if (k == __atomic_load_n(&quit_at, __ATOMIC_RELAXED))
			break;
	}
	if (s->id == 0)
		t_end = now_s();
	gate_leave(&gate);
	return 0;
}

int bench_barrier(const char *name, int threads, int unused)
{
	(void)unused;
	check(pthread_barrier_init(&barrier, 0, (unsigned)threads), "barrier_init");
	struct slot *slots = calloc((size_t)threads, sizeof *slots);
	if (!slots)
		die("out of memory");
	for (int i = 0; i < threads; i++) {
		slots[i].id = i;
		check(pthread_create(&slots[i].th, 0, worker, &slots[i]), "pthread_create");
	}
	gate_wait_ready(&gate, threads);

	phase_begin();
	double t0 = now_s();
	gate_open(&gate);
	sleep_s(opt.ms * 1e-3);
	store_i(&stop, 1);
	gate_wait_left(&gate, threads);
	phase_end();
	for (int i = 0; i < threads; i++)
		check(pthread_join(slots[i].th, 0), "pthread_join");
	check(pthread_barrier_destroy(&barrier), "barrier_destroy");

	out_begin(name);
	out_num("thr", (double)quit_at / (t_end - t0));
	out_int("ops", quit_at);
	out_num("secs", t_end - t0);
	out_end();
	free(slots);
	return 0;
}
