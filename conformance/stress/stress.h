/* Shared helpers for the stress suite (docs/stress.md).
 *
 * Every program here is one plain C program, run as its own process on
 * fxpthread (LD_PRELOAD), or linked against it directly in the sanitizer
 * build.  The same binary runs a short form in CTest and a long form by
 * hand (run-long.sh), chosen by its command line:
 *
 *   -d SECONDS   how long to run (default: the program's short form)
 *   -n N         the program's size knob (threads, children, ...)
 *   -s SEED      random seed (default: from the clock; printed)
 *   -w SECONDS   hang bound: SIGALRM fails the run (default 3*d + 60)
 *   -g           allow running on glibc (for comparisons); otherwise the
 *                program refuses to run unless fxpthread is underneath
 *   -v           report each round
 *
 *   stress_begin()      parse the options, prove the implementation, arm
 *                       the hang detector
 *   stress_phase()      name what is in progress; a hang reports it
 *   CHECK / CHECK_RC    fail with the program, phase, file, line and values
 *   stress_running()    false once the duration has elapsed
 *   stress_pass()       print the summary line and exit 0
 *
 * A failure prints "FAIL <program>: ..." on stderr and exits 1; a hang
 * exits 3.  Time bounds only ever detect hangs and stalls; no check
 * depends on how fast the machine is. */
#ifndef FX_STRESS_H
#define FX_STRESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <link.h>
#include <linux/futex.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STRESS_UNUSED __attribute__((unused))

struct stress_config {
	const char *name;
	double seconds;	  /* -d */
	long n;		  /* -n, program-defined */
	uint64_t seed;	  /* -s */
	unsigned hang;	  /* -w */
	int allow_glibc;  /* -g */
	int verbose;	  /* -v */
	int on_fx;	  /* running on fxpthread */
	double t0;	  /* start, CLOCK_MONOTONIC seconds */
};

static struct stress_config stress;
static const char *volatile stress_cur_phase = "start";
/* Optional: called (from the SIGALRM handler) to print the program's
 * progress counters when a hang is detected.  Async-signal-safe only. */
static void (*volatile stress_hang_hook)(void);

/* ----------------------------------------------- async-signal-safe output */

static STRESS_UNUSED void stress_write(const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(2, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static STRESS_UNUSED void stress_write_u64(const char *label, uint64_t v)
{
	char buf[32];
	int i = (int)sizeof buf - 1;
	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	stress_write("  ");
	stress_write(label);
	stress_write(" = ");
	stress_write(buf + i);
	stress_write("\n");
}

static STRESS_UNUSED void stress_hang(int sig)
{
	(void)sig;
	stress_write("FAIL ");
	stress_write(stress.name);
	stress_write(": hang detected (no completion within the bound) in phase: ");
	stress_write(stress_cur_phase);
	stress_write("\n");
	if (stress_hang_hook)
		stress_hang_hook();
	_exit(3);
}

/* --------------------------------------------------------------- checks */

static STRESS_UNUSED void stress_phase(const char *what)
{
	stress_cur_phase = what;
}

static STRESS_UNUSED __attribute__((noreturn, format(printf, 3, 4))) void
stress_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "FAIL %s: %s (phase: %s; %s:%d; seed %llu)\n",
		stress.name, msg, stress_cur_phase, file, line,
		(unsigned long long)stress.seed);
	fflush(stderr);
	_exit(1);
}

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond))                                                  \
			stress_fail(__FILE__, __LINE__, __VA_ARGS__);         \
	} while (0)

static STRESS_UNUSED const char *stress_errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case EAGAIN: return "EAGAIN";
	case EPERM: return "EPERM";
	case EDEADLK: return "EDEADLK";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINTR: return "EINTR";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case ENOMEM: return "ENOMEM";
	case ENOTSUP: return "ENOTSUP";
	case ESRCH: return "ESRCH";
	case PTHREAD_BARRIER_SERIAL_THREAD: return "PTHREAD_BARRIER_SERIAL_THREAD";
	default: return "?";
	}
}

/* A call returning an error number must return `want`. */
#define CHECK_RC(call, want)                                                  \
	do {                                                                  \
		int stress_rc_ = (call);                                      \
		int stress_want_ = (want);                                    \
		if (stress_rc_ != stress_want_)                               \
			stress_fail(__FILE__, __LINE__,                       \
				    "%s returned %d (%s), expected %s", #call, \
				    stress_rc_, stress_errname(stress_rc_),   \
				    stress_errname(stress_want_));            \
	} while (0)

#define CHECK_OK(call) CHECK_RC(call, 0)

/* ----------------------------------------------------------------- time */

static STRESS_UNUSED double stress_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static STRESS_UNUSED double stress_elapsed(void)
{
	return stress_now() - stress.t0;
}

/* True while the run's duration has not elapsed. */
static STRESS_UNUSED int stress_running(void)
{
	return stress_elapsed() < stress.seconds;
}

static STRESS_UNUSED struct timespec ts_now(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return t;
}

static STRESS_UNUSED struct timespec ts_add_ns(struct timespec t, long long ns)
{
	long long total = (long long)t.tv_nsec + ns % 1000000000LL;
	t.tv_sec += (time_t)(ns / 1000000000LL);
	if (total >= 1000000000LL) {
		t.tv_sec++;
		total -= 1000000000LL;
	} else if (total < 0) {
		t.tv_sec--;
		total += 1000000000LL;
	}
	t.tv_nsec = (long)total;
	return t;
}

static STRESS_UNUSED struct timespec ts_after_ns(clockid_t clock, long long ns)
{
	return ts_add_ns(ts_now(clock), ns);
}

/* <0, 0, >0 like strcmp. */
static STRESS_UNUSED int ts_cmp(struct timespec a, struct timespec b)
{
	if (a.tv_sec != b.tv_sec)
		return a.tv_sec < b.tv_sec ? -1 : 1;
	return a.tv_nsec < b.tv_nsec ? -1 : a.tv_nsec > b.tv_nsec;
}

static STRESS_UNUSED void stress_sleep_us(long us)
{
	struct timespec t = { us / 1000000, (us % 1000000) * 1000 };
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* Busy for about `ns` nanoseconds: holding a lock this way keeps the
 * other threads contending (and so asleep in the kernel) without a
 * sleep call that a signal would cut short. */
static STRESS_UNUSED void stress_busy_ns(long ns)
{
	struct timespec end = ts_after_ns(CLOCK_MONOTONIC, ns);
	while (ts_cmp(ts_now(CLOCK_MONOTONIC), end) < 0)
		;
}

/* --------------------------------------------------------------- random */

struct stress_rng {
	uint64_t s;
};

static STRESS_UNUSED struct stress_rng stress_rng_for(uint64_t stream)
{
	struct stress_rng r = { stress.seed ^ (stream * 0x9e3779b97f4a7c15ull) };
	if (!r.s)
		r.s = 1;
	return r;
}

/* splitmix64 */
static STRESS_UNUSED uint64_t stress_rand(struct stress_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static STRESS_UNUSED unsigned stress_below(struct stress_rng *r, unsigned n)
{
	return n ? (unsigned)(stress_rand(r) % n) : 0;
}

/* ------------------------------------------------------------ processes */

static STRESS_UNUSED pid_t stress_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static STRESS_UNUSED void *stress_shared_alloc(size_t size)
{
	void *p = mmap(0, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap(MAP_SHARED, %zu): %s", size,
	      strerror(errno));
	return p;
}

/* fork() for the program's children: they die with the program. */
static STRESS_UNUSED pid_t stress_fork(void)
{
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid();
	pid_t p = fork();
	CHECK(p >= 0, "fork: %s", strerror(errno));
	if (p == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(99);
	}
	return p;
}

static STRESS_UNUSED int stress_waitpid(pid_t pid, int *status)
{
	pid_t r;
	while ((r = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	return r == pid ? 0 : -1;
}

/* A thread with a small stack (0: the default). */
static STRESS_UNUSED void stress_thread(pthread_t *t, size_t stack,
					void *(*fn)(void *), void *arg)
{
	pthread_attr_t a;
	CHECK_OK(pthread_attr_init(&a));
	if (stack)
		CHECK_OK(pthread_attr_setstacksize(&a, stack));
	int r;
	while ((r = pthread_create(t, &a, fn, arg)) == EAGAIN)
		stress_sleep_us(1000); /* transient: threads still exiting */
	CHECK(r == 0, "pthread_create: %s", strerror(r));
	pthread_attr_destroy(&a);
}

static STRESS_UNUSED void stress_join(pthread_t t)
{
	void *ret;
	CHECK_OK(pthread_join(t, &ret));
}

/* ------------------------------------------------------------- objects */

/* One mutex flavour, spelled with glibc's attributes. */
struct stress_mutex_kind {
	const char *name;
	int type;	/* PTHREAD_MUTEX_* */
	int robust;	/* PTHREAD_MUTEX_ROBUST or _STALLED */
	int protocol;	/* PTHREAD_PRIO_* */
};

static STRESS_UNUSED const struct stress_mutex_kind stress_mutex_kinds[] = {
	{ "normal", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE },
	{ "adaptive", PTHREAD_MUTEX_ADAPTIVE_NP, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE },
	{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE },
	{ "recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE },
	{ "robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE },
	{ "robust-recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE },
	{ "pi", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT },
	{ "pi-errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT },
	{ "robust-pi", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT },
	{ "protect", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_PROTECT },
};
#define STRESS_NKINDS (sizeof stress_mutex_kinds / sizeof stress_mutex_kinds[0])

static STRESS_UNUSED void stress_mutex_init(pthread_mutex_t *m,
					    const struct stress_mutex_kind *k,
					    int pshared)
{
	pthread_mutexattr_t a;
	CHECK_OK(pthread_mutexattr_init(&a));
	CHECK_OK(pthread_mutexattr_settype(&a, k->type));
	CHECK_OK(pthread_mutexattr_setrobust(&a, k->robust));
	CHECK_OK(pthread_mutexattr_setprotocol(&a, k->protocol));
	/* glibc's default ceiling (0) is below SCHED_FIFO's range and its
	 * lock then fails; fxpthread reads an unset ceiling as the lowest.
	 * Set it, so both run the same program. */
	if (k->protocol == PTHREAD_PRIO_PROTECT)
		CHECK_OK(pthread_mutexattr_setprioceiling(
			&a, sched_get_priority_min(SCHED_FIFO)));
	CHECK_OK(pthread_mutexattr_setpshared(
		&a, pshared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE));
	CHECK_OK(pthread_mutex_init(m, &a));
	CHECK_OK(pthread_mutexattr_destroy(&a));
}

/* glibc 2.36 fails the first lock of a PTHREAD_PRIO_PROTECT mutex in each
 * thread with EINVAL (its per-thread ceiling bookkeeping is set up after
 * the check).  Runs on glibc skip that kind. */
static STRESS_UNUSED int stress_kind_usable(const struct stress_mutex_kind *k)
{
	return stress.on_fx || k->protocol != PTHREAD_PRIO_PROTECT;
}

/* A priority-inheritance lock with a CLOCK_MONOTONIC deadline needs
 * FUTEX_LOCK_PI2 (Linux 5.14) on glibc, which answers EINVAL without it;
 * fxpthread translates the deadline to CLOCK_REALTIME there.  Valgrind
 * 3.19 does not implement the operation either.  Programs skip that
 * combination where this says no. */
static STRESS_UNUSED int stress_pi_monotonic_works(void)
{
#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif
	static int known = -1;
	if (known < 0) {
		uint32_t w = 0;
		long r = syscall(SYS_futex, &w, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG, 0,
				 (void *)0, (void *)0, 0);
		if (r == 0)
			syscall(SYS_futex, &w, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0,
				(void *)0, (void *)0, 0);
		known = r == 0;
	}
	return stress.on_fx || known;
}

/* Owner-checking kinds answer EPERM to an unlock by a non-owner. */
static STRESS_UNUSED int stress_kind_checks_owner(const struct stress_mutex_kind *k)
{
	return k->type == PTHREAD_MUTEX_ERRORCHECK ||
	       k->type == PTHREAD_MUTEX_RECURSIVE ||
	       k->robust == PTHREAD_MUTEX_ROBUST ||
	       k->protocol == PTHREAD_PRIO_INHERIT;
}

/* --------------------------------------------------------------- start */

/* The object that defines `name` first after the object at `after` in
 * the process's search order, as dlsym(RTLD_NEXT) from there would find
 * it: where a sanitizer's interceptor forwards the call. */
struct stress_next_def {
	const char *name;
	uintptr_t after_base;
	int passed;
	const char *found;
};

static STRESS_UNUSED int stress_next_def_cb(struct dl_phdr_info *info, size_t size,
					    void *p)
{
	struct stress_next_def *q = p;
	(void)size;
	if (q->found)
		return 1;
	if (!q->passed) {
		q->passed = info->dlpi_addr == q->after_base;
		return 0;
	}
	if (!info->dlpi_name || !*info->dlpi_name)
		return 0;
	void *h = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		return 0;
	void *f = dlsym(h, q->name);
	Dl_info d;
	if (f && dladdr(f, &d) && (uintptr_t)d.dli_fbase == info->dlpi_addr)
		q->found = info->dlpi_name;
	dlclose(h);
	return q->found != 0;
}

/* Which library answers the synchronization calls: fxpthread proves
 * itself with fxpthread_active(), and the entry points must resolve into
 * it (a preload that did not take would test glibc instead).  In a
 * sanitizer build the runtime's interceptors come first (pthread_mutex_lock
 * in libasan); they forward to the next definition, which must be ours. */
static STRESS_UNUSED int stress_on_fxpthread(void)
{
	int (*active)(void) =
		(int (*)(void))dlsym(RTLD_DEFAULT, "fxpthread_active");
	if (!active || !active())
		return 0;
	static const char *const fns[] = { "pthread_mutex_lock", "pthread_cond_wait",
					   "pthread_rwlock_rdlock",
					   "pthread_barrier_wait" };
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		Dl_info info;
		void *f = dlsym(RTLD_DEFAULT, fns[i]);
		if (!f || !dladdr(f, &info) || !info.dli_fname)
			return 0;
		const char *lib = info.dli_fname;
		if (strstr(lib, "san.so")) {
			struct stress_next_def q = { fns[i], (uintptr_t)info.dli_fbase, 0, 0 };
			dl_iterate_phdr(stress_next_def_cb, &q);
			lib = q.found ? q.found : "";
		}
		if (!strstr(lib, "libfxpthread"))
			return 0;
	}
	return 1;
}

static STRESS_UNUSED void stress_usage(const char *extra)
{
	fprintf(stderr,
		"usage: %s [-d SECONDS] [-n N] [-s SEED] [-w HANG_SECONDS] [-g] [-v]\n"
		"  -n: %s\n",
		stress.name, extra);
	exit(2);
}

/* Parse the options, check the implementation, arm the hang detector.
 * short_seconds and n_default are the program's short form. */
static STRESS_UNUSED void stress_begin(int argc, char **argv, const char *name,
				       double short_seconds, long n_default,
				       const char *n_meaning)
{
	stress.name = name;
	stress.seconds = short_seconds;
	stress.n = n_default;
	stress.seed = 0;
	setvbuf(stdout, 0, _IOLBF, 0);
	int c;
	long hang = -1;
	while ((c = getopt(argc, argv, "d:n:s:w:gv")) != -1) {
		switch (c) {
		case 'd': stress.seconds = atof(optarg); break;
		case 'n': stress.n = atol(optarg); break;
		case 's': stress.seed = strtoull(optarg, 0, 0); break;
		case 'w': hang = atol(optarg); break;
		case 'g': stress.allow_glibc = 1; break;
		case 'v': stress.verbose = 1; break;
		default: stress_usage(n_meaning);
		}
	}
	if (stress.seconds < 0 || stress.n <= 0)
		stress_usage(n_meaning);
	if (!stress.seed) {
		struct timespec t = ts_now(CLOCK_REALTIME);
		stress.seed = ((uint64_t)t.tv_nsec << 20) ^ (uint64_t)t.tv_sec ^
			      (uint64_t)getpid();
	}
	stress.hang = hang > 0 ? (unsigned)hang
			       : (unsigned)(3 * stress.seconds + 60);
	stress.on_fx = stress_on_fxpthread();
	if (!stress.on_fx && !stress.allow_glibc) {
		fprintf(stderr,
			"FAIL %s: not running on fxpthread (run it under "
			"LD_PRELOAD=libfxpthread.so, or pass -g to run it on "
			"glibc)\n",
			name);
		exit(1);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = stress_hang;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, 0);
	alarm(stress.hang);
	printf("[%s] on %s, %.1f s, n=%ld, seed %llu, hang bound %u s\n", name,
	       stress.on_fx ? "fxpthread" : "glibc", stress.seconds, stress.n,
	       (unsigned long long)stress.seed, stress.hang);
	stress.t0 = stress_now();
}

static STRESS_UNUSED __attribute__((noreturn, format(printf, 1, 2))) void
stress_pass(const char *fmt, ...)
{
	va_list ap;
	printf("PASS %s (%.1f s on %s): ", stress.name, stress_elapsed(),
	       stress.on_fx ? "fxpthread" : "glibc");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(0);
}

static STRESS_UNUSED __attribute__((format(printf, 1, 2))) void
stress_note(const char *fmt, ...)
{
	if (!stress.verbose)
		return;
	va_list ap;
	printf("  [%s %.1fs] ", stress.name, stress_elapsed());
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#endif
