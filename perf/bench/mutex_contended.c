/* (2) Contended mutex: T threads take one default mutex in a loop for a
 * fixed time.  The critical section increments a shared counter and, for
 * the "cs100" cases, runs a delay loop calibrated to ~100 ns (the same
 * --cs-loops for every library, so every library does the same work).
 *
 * Prints thr= lock+unlock pairs per second (all threads) and fair= the
 * slowest thread's pairs over the fastest's.  With --wait-times it times
 * every pthread_mutex_lock() call and prints maxwait_us= the longest one
 * instead: a separate run, because reading the clock costs more than the
 * lock on some machines (~40 ns for rdtsc in a VM that traps it), and a
 * timestamp taken after the lock lengthens the critical section. */
#define _GNU_SOURCE
#include <stdlib.h>
#include "bench.h"

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long long shared_counter; /* protected by mutex */
static int stop;
static int cs_loops;
static struct gate gate;

static void *worker(void *arg)
{
	struct slot *s = arg;
	long long ops = 0;
	gate_arrive_and_wait(&gate);
	while (!load_i(&stop)) {
		pthread_mutex_lock(&mutex);
		shared_counter++;
		if (cs_loops)
			delay_loops(cs_loops);
		pthread_mutex_unlock(&mutex);
		ops++;
	}
	s->ops = ops;
	gate_leave(&gate);
	return 0;
}

static void *timed_worker(void *arg)
{
	struct slot *s = arg;
	long long ops = 0;
	uint64_t maxwait = 0;
	gate_arrive_and_wait(&gate);
	while (!load_i(&stop)) {
		uint64_t t0 = ticks();
		pthread_mutex_lock(&mutex);
		uint64_t t1 = ticks();
		shared_counter++;
		if (cs_loops)
			delay_loops(cs_loops);
		pthread_mutex_unlock(&mutex);
		ops++;
		/* A migration between CPUs can make t1 < t0: ignore it. */
		if (t1 > t0 && t1 - t0 > maxwait)
			maxwait = t1 - t0;
	}
	s->ops = ops;
	s->maxwait = maxwait;
	gate_leave(&gate);
	return 0;
}

int bench_mutex_contended(const char *name, int threads, int cs_ns)
{
	struct slot *slots = calloc((size_t)threads, sizeof *slots);
	if (!slots)
		die("out of memory");
	if (cs_ns) {
		cs_loops = opt.cs_loops > 0 ? opt.cs_loops : delay_calibrate(cs_ns);
	}
	for (int i = 0; i < threads; i++)
		check(pthread_create(&slots[i].th, 0, opt.wait_times ? timed_worker : worker,
				     &slots[i]),
		      "pthread_create");
	gate_wait_ready(&gate, threads);

	struct tick_scale ts;
	phase_begin();
	tick_scale_begin(&ts);
	gate_open(&gate);
	sleep_s(opt.ms * 1e-3);
	store_i(&stop, 1);
	tick_scale_end(&ts);
	gate_wait_left(&gate, threads);
	phase_end();
	for (int i = 0; i < threads; i++)
		check(pthread_join(slots[i].th, 0), "pthread_join");

	long long total = 0, lo = -1, hi = 0;
	uint64_t maxwait = 0;
	for (int i = 0; i < threads; i++) {
		total += slots[i].ops;
		if (lo < 0 || slots[i].ops < lo)
			lo = slots[i].ops;
		if (slots[i].ops > hi)
			hi = slots[i].ops;
		if (slots[i].maxwait > maxwait)
			maxwait = slots[i].maxwait;
	}
	if (total != shared_counter)
		die("%s: counter %lld != ops %lld: mutual exclusion broken", name,
		    shared_counter, total);
	double secs = ts.t1 - ts.t0;
	out_begin(name);
	if (opt.wait_times) {
		out_num("maxwait_us", ticks_to_ns(&ts, maxwait) * 1e-3);
	} else {
		out_num("thr", (double)total / secs);
		out_num("fair", hi ? (double)lo / (double)hi : 0);
	}
	out_int("ops", total);
	out_num("secs", secs);
	if (cs_ns)
		out_int("cs_loops", cs_loops);
	out_end();
	free(slots);
	return 0;
}
