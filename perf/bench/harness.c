/* fxbench: case table, options, timing, start gate, futex counting and
 * the result line.  See bench.h for the output format. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

struct bench_opts opt = { .ms = 200, .iters = 0, .cs_loops = 0 };

static const struct bench_case cases[] = {
	/* (1) uncontended pairs: ns= per lock+unlock pair; pair1t: in a
	 * single-threaded process */
	{ "pair-mutex-normal", bench_uncontended, PAIR_MUTEX_NORMAL, 0 },
	{ "pair-mutex-recursive", bench_uncontended, PAIR_MUTEX_RECURSIVE, 0 },
	{ "pair-mutex-errorcheck", bench_uncontended, PAIR_MUTEX_ERRORCHECK, 0 },
	{ "pair-mutex-robust", bench_uncontended, PAIR_MUTEX_ROBUST, 0 },
	{ "pair-mutex-pi", bench_uncontended, PAIR_MUTEX_PI, 0 },
	{ "pair-rwlock-read", bench_uncontended, PAIR_RWLOCK_READ, 0 },
	{ "pair-rwlock-write", bench_uncontended, PAIR_RWLOCK_WRITE, 0 },
	{ "pair-spin", bench_uncontended, PAIR_SPIN, 0 },
	{ "pair1t-mutex-normal", bench_uncontended, PAIR_MUTEX_NORMAL, 1 },
	/* the hardware floor of a futex mutex pair: an inline CAS to take a
	 * word and an atomic exchange to free it, no library call */
	{ "pair-floor", bench_uncontended, PAIR_FLOOR, 0 },
	/* (2) contended mutex: thr= ops/s, fair= slowest/fastest thread;
	 * with --wait-times maxwait_us= worst single lock() instead */
	{ "mutex-t2-empty", bench_mutex_contended, 2, 0 },
	{ "mutex-t4-empty", bench_mutex_contended, 4, 0 },
	{ "mutex-t8-empty", bench_mutex_contended, 8, 0 },
	{ "mutex-t32-empty", bench_mutex_contended, 32, 0 },
	{ "mutex-t2-cs100", bench_mutex_contended, 2, 100 },
	{ "mutex-t4-cs100", bench_mutex_contended, 4, 100 },
	{ "mutex-t8-cs100", bench_mutex_contended, 8, 100 },
	{ "mutex-t32-cs100", bench_mutex_contended, 32, 100 },
	/* (3) condvar ping-pong: thr= round trips/s */
	{ "pingpong", bench_pingpong, 1, 0 },
	/* four pairs at once: 8 threads on 2 CPUs */
	{ "pingpong-p4", bench_pingpong, 4, 0 },
	/* (4) producer/consumer, mutex + two condvars: thr= items/s */
	{ "prodcons-1x3", bench_prodcons, 1, 3 },
	{ "prodcons-3x1", bench_prodcons, 3, 1 },
	/* (5) broadcast: us= time from broadcast until all waiters passed */
	/* fewer waiters than a broadcast wakes at once on 2 CPUs (6) */
	{ "broadcast-4", bench_broadcast, 4, 0 },
	{ "broadcast-8", bench_broadcast, 8, 0 },
	{ "broadcast-64", bench_broadcast, 64, 0 },
	/* (6) rwlock mixes: thr= ops/s; b = reads per mille */
	/* the ceiling of the read-mostly mix: one thread, no contention;
	 * T threads on 2 CPUs share one lock word and cannot pass it */
	{ "rwlock-t1-r95", bench_rwlock, 1, 950 },
	{ "rwlock-t2-r95", bench_rwlock, 2, 950 },
	{ "rwlock-t4-r95", bench_rwlock, 4, 950 },
	{ "rwlock-t8-r95", bench_rwlock, 8, 950 },
	{ "rwlock-t2-r999", bench_rwlock, 2, 999 },
	{ "rwlock-t4-r999", bench_rwlock, 4, 999 },
	{ "rwlock-t8-r999", bench_rwlock, 8, 999 },
	{ "rwlock-t2-r50", bench_rwlock, 2, 500 },
	{ "rwlock-t4-r50", bench_rwlock, 4, 500 },
	/* (7) barrier: thr= rounds/s */
	{ "barrier-t2", bench_barrier, 2, 0 },
	{ "barrier-t4", bench_barrier, 4, 0 },
};

/* -------------------------------------------------------------- errors */

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fxbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

void check(int err, const char *what)
{
	if (err)
		die("%s: %s", what, strerror(err));
}

/* -------------------------------------------------------------- timing */

double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

uint64_t ticks(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

void tick_scale_begin(struct tick_scale *s)
{
	s->t0 = now_s();
	s->k0 = ticks();
}

void tick_scale_end(struct tick_scale *s)
{
	s->t1 = now_s();
	s->k1 = ticks();
}

double ticks_to_ns(const struct tick_scale *s, uint64_t k)
{
	if (s->k1 <= s->k0)
		return 0;
	return (double)k * (s->t1 - s->t0) * 1e9 / (double)(s->k1 - s->k0);
}

__attribute__((noinline)) void delay_loops(int n)
{
	uint64_t x = 1;
	for (int i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		__asm__ __volatile__("" : "+r"(x));
	}
}

/* Best of several timings: the least disturbed by other processes. */
int delay_calibrate(int ns)
{
	const int n = 200000;
	double best = 1e9;
	delay_loops(n);
	for (int i = 0; i < 15; i++) {
		double t0 = now_s();
		delay_loops(n);
		double t = now_s() - t0;
		if (t < best)
			best = t;
	}
	double per_loop_ns = best * 1e9 / n;
	int loops = (int)(ns / per_loop_ns + 0.5);
	return loops < 1 ? 1 : loops;
}

/* ---------------------------------------------------------------- gate */

void gate_arrive_and_wait(struct gate *g)
{
	__atomic_fetch_add(&g->ready, 1, __ATOMIC_SEQ_CST);
	while (!load_i(&g->go))
		sched_yield();
}

void gate_wait_ready(struct gate *g, int n)
{
	while (load_i(&g->ready) < n)
		sched_yield();
}

void gate_open(struct gate *g)
{
	store_i(&g->go, 1);
}

void gate_leave(struct gate *g)
{
	__atomic_fetch_add(&g->left, 1, __ATOMIC_SEQ_CST);
}

void gate_wait_left(struct gate *g, int n)
{
	while (load_i(&g->left) < n)
		sleep_s(50e-6);
}

/* ------------------------------------------------------- futex counter */

static int futex_fd = -1;

static long tracepoint_id(const char *event)
{
	static const char *roots[] = { "/sys/kernel/tracing",
				       "/sys/kernel/debug/tracing" };
	char path[256];
	for (unsigned i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		snprintf(path, sizeof path, "%s/events/%s/id", roots[i], event);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		long id = -1;
		if (fscanf(f, "%ld", &id) != 1)
			id = -1;
		fclose(f);
		if (id >= 0)
			return id;
	}
	return -1;
}

/* A kernel counter on syscalls:sys_enter_futex for this thread and,
 * through `inherit`, every thread it creates afterwards.  Enable and
 * disable reach the inherited counters too, and a read sums them, so the
 * count covers exactly the measured phase of the whole process. */
void futex_counter_open(void)
{
	if (!opt.count_futex)
		return;
	long id = tracepoint_id("syscalls/sys_enter_futex");
	if (id < 0)
		return;
	struct perf_event_attr a;
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.type = PERF_TYPE_TRACEPOINT;
	a.config = (uint64_t)id;
	a.disabled = 1;
	a.inherit = 1;
	a.sample_period = 0;
	futex_fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1,
				PERF_FLAG_FD_CLOEXEC);
}

static void marker(const char *text)
{
	/* Seen by strace (the fallback counter), harmless otherwise. */
	if (opt.markers && write(-1, text, strlen(text)) < 0)
		errno = 0;
}

void phase_begin(void)
{
	marker("fxbench:begin");
	if (futex_fd >= 0)
		ioctl(futex_fd, PERF_EVENT_IOC_ENABLE, 0);
}

void phase_end(void)
{
	if (futex_fd >= 0)
		ioctl(futex_fd, PERF_EVENT_IOC_DISABLE, 0);
	marker("fxbench:end");
}

long long futex_count(void)
{
	uint64_t v;
	if (futex_fd < 0 || read(futex_fd, &v, sizeof v) != sizeof v)
		return -1;
	return (long long)v;
}

/* ------------------------------------------------------------- output */

static char line[1024];
static size_t line_len;

static void out_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out_raw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line + line_len, sizeof line - line_len, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof line - line_len)
		line_len += (size_t)n;
}

static const char *impl_name(void)
{
	if (dlsym(RTLD_DEFAULT, "fxpthread_version"))
		return "fxpthread";
	if (dlsym(RTLD_DEFAULT, "gnu_get_libc_version"))
		return "glibc";
	return "musl";
}

void out_begin(const char *name)
{
	line_len = 0;
	out_raw("case=%s impl=%s", name, impl_name());
}

void out_num(const char *key, double v)
{
	out_raw(" %s=%.6g", key, v);
}

void out_int(const char *key, long long v)
{
	out_raw(" %s=%lld", key, v);
}

void out_end(void)
{
	if (opt.count_futex)
		out_raw(" futex=%lld", futex_count());
	out_raw("\n");
	fwrite(line, 1, line_len, stdout);
	fflush(stdout);
}

/* --------------------------------------------------------------- main */

static void info(void)
{
	const char *(*glibc_version)(void) =
		(const char *(*)(void))dlsym(RTLD_DEFAULT, "gnu_get_libc_version");
	const char *(*fx_version)(void) =
		(const char *(*)(void))dlsym(RTLD_DEFAULT, "fxpthread_version");
	printf("impl=%s\n", impl_name());
	printf("libc=%s\n", glibc_version ? glibc_version() : "musl");
	printf("fxpthread=%s\n", fx_version ? fx_version() : "-");
	opt.count_futex = 1;
	futex_counter_open();
	printf("futex_counter=%s\n", futex_fd >= 0 ? "tracepoint" : "none");
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fxbench CASE [--ms MS] [--iters N] [--cs-loops N] [--futex] [--markers]\n"
		"                    [--wait-times]\n"
		"       fxbench list | info | calibrate [NS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	const char *name = argv[1];
	if (!strcmp(name, "list")) {
		for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
			puts(cases[i].name);
		return 0;
	}
	if (!strcmp(name, "info")) {
		info();
		return 0;
	}
	if (!strcmp(name, "calibrate")) {
		printf("cs_loops=%d\n", delay_calibrate(argc > 2 ? atoi(argv[2]) : 100));
		return 0;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--ms") && i + 1 < argc)
			opt.ms = atof(argv[++i]);
		else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
			opt.iters = atol(argv[++i]);
		else if (!strcmp(argv[i], "--cs-loops") && i + 1 < argc)
			opt.cs_loops = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--futex"))
			opt.count_futex = 1;
		else if (!strcmp(argv[i], "--markers"))
			opt.markers = 1;
		else if (!strcmp(argv[i], "--wait-times"))
			opt.wait_times = 1;
		else
			usage();
	}
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!strcmp(cases[i].name, name)) {
			futex_counter_open();
			return cases[i].fn(name, cases[i].a, cases[i].b);
		}
	}
	die("unknown case %s (try: fxbench list)", name);
}
