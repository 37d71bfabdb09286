/* (6) rwlock mixes: T threads look up a small shared table under the read
 * lock, or update it under the write lock, chosen at random with a fixed
 * share of reads (95%, 99.9%, or 50% for the write-heavy mix).
 * thr= operations per second, fair= slowest thread over fastest. */
#define _GNU_SOURCE
#include <stdlib.h>
#include "bench.h"

#define TABLE 64

static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static uint64_t table[TABLE]; /* protected by rwlock */
static long long writes;      /* protected by rwlock */
static int stop, read_permille;
static struct gate gate;

static void *worker(void *arg)
{
	struct slot *s = arg;
	uint64_t x = 0x9e3779b97f4a7c15ull * (uint64_t)(s->id + 1), sink = 0;
	long long ops = 0;
	gate_arrive_and_wait(&gate);
	while (!load_i(&stop)) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		if ((int)(x % 1000) < read_permille) {
			pthread_rwlock_rdlock(&rwlock);
			sink += table[(x >> 10) % TABLE] + table[(x >> 20) % TABLE];
			pthread_rwlock_unlock(&rwlock);
		} else {
			pthread_rwlock_wrlock(&rwlock);
			table[(x >> 10) % TABLE]++;
			writes++;
			pthread_rwlock_unlock(&rwlock);
		}
		ops++;
	}
	s->ops = ops;
	s->maxwait = sink; /* keep the reads */
	gate_leave(&gate);
	return 0;
}

int bench_rwlock(const char *name, int threads, int permille)
{
	read_permille = permille;
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
	double t1 = now_s();
	gate_wait_left(&gate, threads);
	phase_end();
	for (int i = 0; i < threads; i++)
		check(pthread_join(slots[i].th, 0), "pthread_join");

	long long total = 0, lo = -1, hi = 0;
	for (int i = 0; i < threads; i++) {
		total += slots[i].ops;
		if (lo < 0 || slots[i].ops < lo)
			lo = slots[i].ops;
		if (slots[i].ops > hi)
			hi = slots[i].ops;
	}
	uint64_t sum = 0;
	for (int i = 0; i < TABLE; i++)
		sum += table[i];
	if (sum != (uint64_t)writes)
		die("%s: table sum %llu != writes %lld: exclusion broken", name,
		    (unsigned long long)sum, writes);
	out_begin(name);
	out_num("thr", (double)total / (t1 - t0));
	out_num("fair", hi ? (double)lo / (double)hi : 0);
	out_int("ops", total);
	out_num("secs", t1 - t0);
	out_end();
	free(slots);
	return 0;
}
