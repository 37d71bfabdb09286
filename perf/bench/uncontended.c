/* (1) Uncontended pairs: one thread, one object, lock+unlock in a loop.
 *
 * The process has a second, idle thread: locks matter in multithreaded
 * programs, and glibc skips the atomic instructions of a default mutex
 * while the process has a single thread (__libc_single_threaded).  The
 * "pair1t" case measures that single-threaded shortcut separately.
 *
 * Prints ns= the cost of one pair: the fastest of many ~100 us batches,
 * so batches that another process interrupted do not count.  With --iters N
 * it runs exactly N pairs in one batch instead (for instruction counting
 * under callgrind, where two runs that differ only in N give the exact
 * instructions per pair). */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include "bench.h"

static pthread_mutex_t mutex;
static pthread_rwlock_t rwlock;
static pthread_spinlock_t spin;

static __attribute__((noinline)) void loop_mutex(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&mutex);
		pthread_mutex_unlock(&mutex);
	}
}

static __attribute__((noinline)) void loop_rdlock(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_rwlock_rdlock(&rwlock);
		pthread_rwlock_unlock(&rwlock);
	}
}

static __attribute__((noinline)) void loop_wrlock(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_rwlock_wrlock(&rwlock);
		pthread_rwlock_unlock(&rwlock);
	}
}

static __attribute__((noinline)) void loop_spin(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_spin_lock(&spin);
		pthread_spin_unlock(&spin);
	}
}

/* The least any futex mutex can do per uncontended pair: one atomic
 * read-modify-write to take the word (it must fail if the word is held)
 * and one to free it (it must see whether anyone sleeps).  Same loop
 * shape as the others, without the call. */
static unsigned floor_word;

static __attribute__((noinline)) void loop_floor(long n)
{
	for (long i = 0; i < n; i++) {
		unsigned expected = 0;
		__atomic_compare_exchange_n(&floor_word, &expected, 1, 0,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
		if (__atomic_exchange_n(&floor_word, 0, __ATOMIC_RELEASE) == 2)
			__asm__ __volatile__("" ::: "memory");
	}
}

static void init_mutex(int kind)
{
	pthread_mutexattr_t a;
	check(pthread_mutexattr_init(&a), "mutexattr_init");
	switch (kind) {
	case PAIR_MUTEX_RECURSIVE:
		check(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), "settype");
		break;
	case PAIR_MUTEX_ERRORCHECK:
		check(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), "settype");
		break;
	case PAIR_MUTEX_ROBUST:
		check(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), "setrobust");
		break;
	case PAIR_MUTEX_PI:
		check(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT), "setprotocol");
		break;
	}
	check(pthread_mutex_init(&mutex, &a), "mutex_init");
	pthread_mutexattr_destroy(&a);
	/* One checked pair: the loop ignores return values. */
	check(pthread_mutex_lock(&mutex), "mutex_lock");
	check(pthread_mutex_unlock(&mutex), "mutex_unlock");
}

static void *idle_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause(); /* never touches the library under test */
	return 0;
}

int bench_uncontended(const char *name, int kind, int single_threaded)
{
	void (*loop)(long);
	if (!single_threaded) {
		pthread_t t;
		check(pthread_create(&t, 0, idle_thread, 0), "pthread_create");
		check(pthread_detach(t), "pthread_detach");
	}
	switch (kind) {
	case PAIR_RWLOCK_READ:
		check(pthread_rwlock_init(&rwlock, 0), "rwlock_init");
		loop = loop_rdlock;
		break;
	case PAIR_RWLOCK_WRITE:
		check(pthread_rwlock_init(&rwlock, 0), "rwlock_init");
		loop = loop_wrlock;
		break;
	case PAIR_SPIN:
		check(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), "spin_init");
		loop = loop_spin;
		break;
	case PAIR_FLOOR:
		loop = loop_floor;
		break;
	default:
		init_mutex(kind);
		loop = loop_mutex;
		break;
	}

	long long ops = 0;
	double best;
	if (opt.iters > 0) {
		phase_begin();
		double t0 = now_s();
		loop(opt.iters);
		best = (now_s() - t0) / (double)opt.iters;
		phase_end();
		ops = opt.iters;
	} else {
		/* Many short batches (~100 us each), fastest one wins: on a
		 * busy machine most batches of a long run get preempted or
		 * share their core, but some short ones do not. */
		long n = 1000;
		double t0 = now_s(), t;
		for (;;) {
			double b0 = now_s();
			loop(n);
			t = now_s() - b0;
			if (t > 0.002 || now_s() - t0 > opt.ms * 1e-3 / 10)
				break;
			n *= 2;
		}
		long batch = (long)((double)n * 100e-6 / t) + 1;
		int batches = (int)(opt.ms * 10);
		best = 1e9;
		phase_begin();
		for (int b = 0; b < batches || b < 10; b++) {
			double b0 = now_s();
			loop(batch);
			double per = (now_s() - b0) / (double)batch;
			if (per < best)
				best = per;
			ops += batch;
		}
		phase_end();
	}
	out_begin(name);
	out_num("ns", best * 1e9);
	out_int("ops", ops);
	out_end();
	return 0;
}
