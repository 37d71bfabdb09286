/* fxbench: synchronization micro- and macro-benchmarks.
 *
 * One program, one case per run: `fxbench CASE [options]`.  It is built
 * twice from the same sources, with gcc against glibc (run as is for
 * glibc, and with LD_PRELOAD=libfxpthread.so.0 for fxpthread) and with
 * musl-gcc as a second reference.  perf/run.py drives it; docs/performance.md
 * explains the method.
 *
 * Every run prints exactly one result line on stdout, a list of
 * key=value pairs:
 *
 *   case=mutex-t4-empty impl=fxpthread ops=812345 secs=0.2001 thr=4.06e+06 ...
 *
 * The keys each case prints are listed with the case in harness.c.
 * "ops" is the number of operations the case defines (a lock+unlock pair,
 * a round trip, an item, a broadcast round, ...); futex= (with --futex)
 * is the number of futex system calls the process made while those ops
 * ran, counted by the kernel's syscalls:sys_enter_futex tracepoint.
 */
#ifndef FXBENCH_H
#define FXBENCH_H

#include <pthread.h>
#include <stdint.h>

struct bench_opts {
	double ms;	 /* measuring time per run (time-based cases) */
	long iters;	 /* >0: exact iteration count instead (uncontended) */
	int cs_loops;	 /* delay-loop iterations for a "100 ns" section */
	int count_futex; /* count futex syscalls of the measured phase */
	int markers;	 /* write(-1) markers around the measured phase */
	int wait_times;	 /* contended mutex: time every lock() (own run) */
};
extern struct bench_opts opt;

/* ---------------------------------------------------------- the cases */

typedef int (*bench_fn)(const char *name, int a, int b);

struct bench_case {
	const char *name;
	bench_fn fn;
	int a, b; /* case parameters (threads, percentages, ...) */
};

int bench_uncontended(const char *name, int kind, int single_threaded);
int bench_mutex_contended(const char *name, int threads, int cs_ns);
int bench_pingpong(const char *name, int pairs, int unused2);
int bench_prodcons(const char *name, int producers, int consumers);
int bench_broadcast(const char *name, int waiters, int unused);
int bench_rwlock(const char *name, int threads, int read_permille);
int bench_barrier(const char *name, int threads, int unused);

/* Uncontended kinds (bench_uncontended's `kind`). */
enum {
	PAIR_MUTEX_NORMAL,
	PAIR_MUTEX_RECURSIVE,
	PAIR_MUTEX_ERRORCHECK,
	PAIR_MUTEX_ROBUST,
	PAIR_MUTEX_PI,
	PAIR_RWLOCK_READ,
	PAIR_RWLOCK_WRITE,
	PAIR_SPIN,
	PAIR_FLOOR,
};

/* ------------------------------------------------------------ helpers */

double now_s(void);	    /* CLOCK_MONOTONIC, seconds */
void sleep_s(double s);	    /* nanosleep: never a futex */
uint64_t ticks(void);	    /* cheap timestamp (TSC on x86) */

/* Converts ticks to nanoseconds from two (clock, ticks) samples taken
 * around the measuring window. */
struct tick_scale {
	double t0, t1;
	uint64_t k0, k1;
};
void tick_scale_begin(struct tick_scale *s);
void tick_scale_end(struct tick_scale *s);
double ticks_to_ns(const struct tick_scale *s, uint64_t k);

/* The delay loop that makes a critical section last ~cs_ns. */
void delay_loops(int n);
int delay_calibrate(int ns); /* loops for ns nanoseconds, best of several */

/* Start gate: workers park on a plain atomic flag (sched_yield), so that
 * starting the measured phase costs no call into the library tested. */
struct gate {
	int ready;
	int go;
	int left;
};
void gate_arrive_and_wait(struct gate *g);
void gate_wait_ready(struct gate *g, int n);
void gate_open(struct gate *g);
/* Worker exit: count it, so the main thread can end the measured phase
 * before pthread_join (whose futex wait must not be counted). */
void gate_leave(struct gate *g);
void gate_wait_left(struct gate *g, int n);

/* Futex syscall counting for the measured phase.  futex_counter_open()
 * must run before the first thread is created (the counter is inherited
 * by threads created afterwards). */
void futex_counter_open(void);
void phase_begin(void);
void phase_end(void);
long long futex_count(void); /* -1: not available */

/* Result line. */
void out_begin(const char *name);
void out_num(const char *key, double v);
void out_int(const char *key, long long v);
void out_end(void);

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void check(int err, const char *what);

/* Per-thread slot, one cache line each so counters do not share lines. */
struct slot {
	pthread_t th;
	long long ops;
	uint64_t maxwait;
	int id;
	void *arg;
} __attribute__((aligned(128)));

static inline int load_i(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
static inline void store_i(int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

#endif
