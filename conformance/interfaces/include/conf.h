/* Shared helpers for the interface conformance programs.
 *
 * Each program under conformance/interfaces/<function>/<N>-<M>.c checks one
 * assertion about <function> and reports it with exactly one line
 *
 *     <function>/<N>-<M>: PASS|FAIL|UNRESOLVED|UNSUPPORTED <reason>
 *
 * and the matching exit status (README.md):
 *
 *     PASS 0        the assertion holds
 *     FAIL 1        the assertion does not hold (a hang counts: SIGALRM)
 *     UNRESOLVED 2  a setup step failed, so nothing could be judged
 *     UNSUPPORTED 4 the assertion does not apply here: a glibc extension
 *                   under another libc, a test that needs root, an
 *                   optional ("may fail") error the library does not
 *                   detect, or a resource-limit test not asked for
 *
 * Every program arms alarm(CONF_TIMEOUT) before main() runs, so a call that
 * never returns is reported as FAIL instead of stalling the run.
 */
#ifndef CONF_H
#define CONF_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
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
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Helpers are static and some programs use few of them. */
#define CONF_FN static __attribute__((unused))

#define CONF_PASS 0
#define CONF_FAIL 1
#define CONF_UNRESOLVED 2
#define CONF_UNSUPPORTED 4

#ifndef CONF_TIMEOUT
#define CONF_TIMEOUT 10 /* seconds before a test counts as hung */
#endif

/* How long a helper waits for something that should happen at once (a
 * thread reaching a blocking call, a wakeup arriving), in milliseconds.
 * Generous, because the machine may be loaded; it bounds only failures. */
#define CONF_PATIENCE_MS 3000

static char conf_id[160];
static char conf_hang_line[256];
static size_t conf_hang_len;

/* "<dir>/<N>-<M>" from the path of the program's own source file. */
CONF_FN void conf_make_id(void)
{
	const char *f = __BASE_FILE__;
	const char *last = strrchr(f, '/');
	const char *start = f;
	if (last) {
		const char *p = last;
		while (p > f && p[-1] != '/')
			p--;
		start = p;
	}
	snprintf(conf_id, sizeof conf_id, "%s", start);
	size_t n = strlen(conf_id);
	if (n > 2 && strcmp(conf_id + n - 2, ".c") == 0)
		conf_id[n - 2] = 0;
}

CONF_FN const char *conf_err(int e)
{
	static char buf[8][24];
	static int slot;
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case EINVAL: return "EINVAL";
	case EDEADLK: return "EDEADLK";
	case ENOSYS: return "ENOSYS";
	case ENOTSUP: return "ENOTSUP";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	}
	char *b = buf[slot++ & 7];
	snprintf(b, sizeof buf[0], "%d", e);
	return b;
}

__attribute__((noreturn, format(printf, 2, 3))) CONF_FN void
conf_result(int code, const char *fmt, ...)
{
	const char *name = code == CONF_PASS	     ? "PASS"
			   : code == CONF_FAIL	     ? "FAIL"
			   : code == CONF_UNRESOLVED ? "UNRESOLVED"
						     : "UNSUPPORTED";
	char reason[512] = "";
	if (fmt && *fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(reason, sizeof reason, fmt, ap);
		va_end(ap);
	}
	printf("%s: %s%s%s\n", conf_id, name, *reason ? " " : "", reason);
	fflush(stdout);
	_exit(code);
}

#define PASS() conf_result(CONF_PASS, "%s", "")
#define FAIL(...) conf_result(CONF_FAIL, __VA_ARGS__)
#define UNRESOLVED(...) conf_result(CONF_UNRESOLVED, __VA_ARGS__)
#define UNSUPPORTED(...) conf_result(CONF_UNSUPPORTED, __VA_ARGS__)

/* A step the test depends on but does not judge: must return 0. */
#define SETUP(call)                                                          \
	do {                                                                 \
		int conf_r_ = (call);                                        \
		if (conf_r_ != 0)                                            \
			UNRESOLVED("setup %s returned %s", #call,            \
				   conf_err(conf_r_));                       \
	} while (0)

/* A step the test depends on that must return `want`. */
#define SETUP_RC(call, want)                                                 \
	do {                                                                 \
		int conf_r_ = (call);                                        \
		int conf_w_ = (want);                                        \
		if (conf_r_ != conf_w_)                                      \
			UNRESOLVED("setup %s returned %s, expected %s",      \
				   #call, conf_err(conf_r_),                 \
				   conf_err(conf_w_));                       \
	} while (0)

/* The call under test must return `want` (0 or an error number). */
#define EXPECT(call, want)                                                   \
	do {                                                                 \
		int conf_r_ = (call);                                        \
		int conf_w_ = (want);                                        \
		if (conf_r_ != conf_w_)                                      \
			FAIL("%s returned %s, expected %s", #call,           \
			     conf_err(conf_r_), conf_err(conf_w_));          \
	} while (0)

/* A value the test reads back must equal `want`. */
#define EXPECT_EQ(expr, want)                                                \
	do {                                                                 \
		long long conf_v_ = (long long)(expr);                       \
		long long conf_w_ = (long long)(want);                       \
		if (conf_v_ != conf_w_)                                      \
			FAIL("%s is %lld, expected %lld", #expr, conf_v_,    \
			     conf_w_);                                       \
	} while (0)

/* ------------------------------------------------------------ hang guard */

/* What the program is doing, for the hang report (a string literal). */
static const char *volatile conf_step_name;

CONF_FN void conf_step(const char *name)
{
	conf_step_name = name;
}

CONF_FN void conf_on_alarm(int sig)
{
	(void)sig;
	const char *step = conf_step_name;
	ssize_t r = write(1, conf_hang_line, conf_hang_len - 1);
	if (step) {
		r = write(1, " in step: ", 10);
		r = write(1, step, strlen(step));
	}
	r = write(1, "\n", 1);
	(void)r;
	_exit(CONF_FAIL);
}

__attribute__((constructor)) CONF_FN void conf_setup(void)
{
	struct sigaction sa;
	conf_make_id();
	snprintf(conf_hang_line, sizeof conf_hang_line,
		 "%s: FAIL no result after %d s (hang)\n", conf_id,
		 CONF_TIMEOUT);
	conf_hang_len = strlen(conf_hang_line);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = conf_on_alarm;
	sigaction(SIGALRM, &sa, 0);
	alarm(CONF_TIMEOUT);
}

/* ------------------------------------------------------------------ time */

CONF_FN void conf_msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

CONF_FN long long conf_now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The absolute time `ms` milliseconds from now on `clock` (ms may be
 * negative: a time in the past). */
CONF_FN struct timespec conf_abs(clockid_t clock, long ms)
{
	long long t = conf_now_ns(clock) + (long long)ms * 1000000LL;
	struct timespec ts = { (time_t)(t / 1000000000LL),
			       (long)(t % 1000000000LL) };
	return ts;
}

CONF_FN long long conf_ts_ns(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/* ------------------------------------------------------- threads, states */

CONF_FN pid_t conf_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* The scheduler state letter of a thread or process ('R', 'S', 'D', ...),
 * or 0 if it cannot be read. */
CONF_FN char conf_task_state(pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return (p && p[1] == ' ') ? p[2] : 0;
}

/* Field 18 of /proc/<tid>/stat: the kernel's effective priority (-1 - the
 * real-time priority for a real-time task, 20 + nice otherwise). */
CONF_FN int conf_task_prio(pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return INT_MIN;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p)
		return INT_MIN;
	p += 2; /* field 3 */
	for (int field = 3; field < 18; field++) {
		p = strchr(p, ' ');
		if (!p)
			return INT_MIN;
		p++;
	}
	return atoi(p);
}

/* True once `tid` sleeps in the kernel (two readings 5 ms apart), false if
 * `done` becomes nonzero first or nothing happens for CONF_PATIENCE_MS. */
CONF_FN int conf_wait_sleeping(pid_t tid, volatile int *done)
{
	long long deadline = conf_now_ns(CLOCK_MONOTONIC) +
			     CONF_PATIENCE_MS * 1000000LL;
	while (conf_now_ns(CLOCK_MONOTONIC) < deadline) {
		if (done && __atomic_load_n(done, __ATOMIC_SEQ_CST))
			return 0;
		char s = conf_task_state(tid);
		if (s == 'S' || s == 'D') {
			conf_msleep(5);
			if (done && __atomic_load_n(done, __ATOMIC_SEQ_CST))
				return 0;
			s = conf_task_state(tid);
			if (s == 'S' || s == 'D')
				return 1;
		}
		conf_msleep(2);
	}
	return 0;
}

/* A call made by a background thread, so the main thread can watch it
 * block and release it. */
struct conf_bg {
	pthread_t thread;
	int (*fn)(void *);
	void *arg;
	volatile pid_t tid;
	volatile int done;
	int ret;
};

CONF_FN void *conf_bg_main(void *p)
{
	struct conf_bg *b = p;
	__atomic_store_n(&b->tid, conf_gettid(), __ATOMIC_SEQ_CST);
	b->ret = b->fn(b->arg);
	__atomic_store_n(&b->done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

CONF_FN void conf_bg_start(struct conf_bg *b, int (*fn)(void *), void *arg)
{
	memset(b, 0, sizeof *b);
	b->fn = fn;
	b->arg = arg;
	int r = pthread_create(&b->thread, 0, conf_bg_main, b);
	if (r)
		UNRESOLVED("pthread_create: %s", conf_err(r));
	while (!__atomic_load_n(&b->tid, __ATOMIC_SEQ_CST))
		sched_yield();
}

/* 1 if the background call is blocked in the kernel, 0 if it returned. */
CONF_FN int conf_bg_blocked(struct conf_bg *b)
{
	if (conf_wait_sleeping(b->tid, &b->done))
		return 1;
	if (__atomic_load_n(&b->done, __ATOMIC_SEQ_CST))
		return 0;
	UNRESOLVED("background call neither blocked nor returned in %d ms",
		   CONF_PATIENCE_MS);
}

/* 1 if the background call has returned within `ms` milliseconds. */
CONF_FN int conf_bg_wait(struct conf_bg *b, long ms)
{
	long long deadline = conf_now_ns(CLOCK_MONOTONIC) + ms * 1000000LL;
	while (conf_now_ns(CLOCK_MONOTONIC) < deadline) {
		if (__atomic_load_n(&b->done, __ATOMIC_SEQ_CST))
			return 1;
		conf_msleep(1);
	}
	return __atomic_load_n(&b->done, __ATOMIC_SEQ_CST);
}

/* Join a background call that has returned; its return value. */
CONF_FN int conf_bg_join(struct conf_bg *b)
{
	int r = pthread_join(b->thread, 0);
	if (r)
		UNRESOLVED("pthread_join: %s", conf_err(r));
	return b->ret;
}

CONF_FN pthread_t conf_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int r = pthread_create(&t, 0, fn, arg);
	if (r)
		UNRESOLVED("pthread_create: %s", conf_err(r));
	return t;
}

CONF_FN void *conf_join(pthread_t t)
{
	void *v;
	int r = pthread_join(t, &v);
	if (r)
		UNRESOLVED("pthread_join: %s", conf_err(r));
	return v;
}

/* ------------------------------------------------------------- processes */

/* Memory shared with children made by conf_fork(). */
CONF_FN void *conf_shared(size_t size)
{
	void *p = mmap(0, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		UNRESOLVED("mmap shared: %s", strerror(errno));
	memset(p, 0, size);
	return p;
}

/* fork() whose child is bounded by its own alarm and dies silently. */
CONF_FN pid_t conf_fork(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		UNRESOLVED("fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(CONF_TIMEOUT);
	}
	return pid;
}

/* The exit status of a child, or -1 if it died by a signal. */
CONF_FN int conf_wait_child(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			UNRESOLVED("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* -------------------------------------------------------------- privilege */

/* Real-time scheduling (SCHED_FIFO) needs root; without it the test does
 * not apply. */
CONF_FN void conf_need_rt(void)
{
	if (geteuid() != 0)
		UNSUPPORTED("needs root for real-time scheduling");
}

/* Switch the calling thread to SCHED_FIFO at `prio`. */
CONF_FN void conf_set_fifo(int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	int r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (r == EPERM)
		UNSUPPORTED("SCHED_FIFO not permitted here");
	if (r)
		UNRESOLVED("pthread_setschedparam: %s", conf_err(r));
}

/* ---------------------------------------------------------------- mutexes */

/* Initialise *m with attributes: a type (PTHREAD_MUTEX_*), robustness
 * (PTHREAD_MUTEX_STALLED or _ROBUST), a protocol (PTHREAD_PRIO_*), a
 * priority ceiling (ignored unless > 0) and process sharing.  A libc that
 * does not support an attribute value makes the test UNSUPPORTED. */
CONF_FN void conf_mutex(pthread_mutex_t *m, int type, int robust, int protocol,
			int ceiling, int pshared)
{
	pthread_mutexattr_t a;
	int r;
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_settype(&a, type));
	if ((r = pthread_mutexattr_setrobust(&a, robust)) != 0)
		UNSUPPORTED("setrobust(%d): %s", robust, conf_err(r));
	if ((r = pthread_mutexattr_setprotocol(&a, protocol)) != 0)
		UNSUPPORTED("setprotocol(%d): %s", protocol, conf_err(r));
#ifdef __GLIBC__
	if (ceiling > 0 &&
	    (r = pthread_mutexattr_setprioceiling(&a, ceiling)) != 0)
		UNSUPPORTED("setprioceiling(%d): %s", ceiling, conf_err(r));
#else
	if (ceiling > 0) /* musl has no priority ceilings */
		UNSUPPORTED("no pthread_mutexattr_setprioceiling");
#endif
	if ((r = pthread_mutexattr_setpshared(&a, pshared)) != 0)
		UNSUPPORTED("setpshared(%d): %s", pshared, conf_err(r));
	SETUP(pthread_mutex_init(m, &a));
	SETUP(pthread_mutexattr_destroy(&a));
}

CONF_FN void conf_mutex_type(pthread_mutex_t *m, int type)
{
	conf_mutex(m, type, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE, 0,
		   PTHREAD_PROCESS_PRIVATE);
}

CONF_FN void conf_mutex_robust(pthread_mutex_t *m, int type, int pshared)
{
	conf_mutex(m, type, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE, 0,
		   pshared);
}

CONF_FN void *conf_lock_and_exit(void *m)
{
	return (void *)(intptr_t)pthread_mutex_lock((pthread_mutex_t *)m);
}

/* A thread locks the robust mutex *m and terminates while holding it. */
CONF_FN void conf_owner_thread_dies(pthread_mutex_t *m)
{
	int r = (int)(intptr_t)conf_join(conf_thread(conf_lock_and_exit, m));
	if (r != 0)
		UNRESOLVED("the doomed owner could not lock: %s", conf_err(r));
}

/* A child process locks the process-shared robust mutex *m and exits. */
CONF_FN void conf_owner_process_dies(pthread_mutex_t *m)
{
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(pthread_mutex_lock(m) == 0 ? 0 : 1);
	if (conf_wait_child(pid) != 0)
		UNRESOLVED("the doomed child could not lock the mutex");
}

/* ---------------------------------------------------------------- signals */

static volatile sig_atomic_t conf_signals;

CONF_FN void conf_count_signal(int sig)
{
	(void)sig;
	conf_signals++;
}

/* Count deliveries of `sig` with a handler installed without SA_RESTART,
 * so an interrupted system call is not restarted by the kernel. */
CONF_FN void conf_catch(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = conf_count_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, 0) != 0)
		UNRESOLVED("sigaction: %s", strerror(errno));
}

/* Interrupt a background call that is blocked: send SIGUSR1, wait for the
 * handler to run, then 1 if the call went back to waiting, 0 if it
 * returned. */
CONF_FN int conf_interrupt(struct conf_bg *b)
{
	sig_atomic_t before = conf_signals;
	int r = pthread_kill(b->thread, SIGUSR1);
	if (r)
		UNRESOLVED("pthread_kill: %s", conf_err(r));
	for (int i = 0; conf_signals == before; i++) {
		if (i > CONF_PATIENCE_MS)
			UNRESOLVED("the signal handler did not run");
		conf_msleep(1);
	}
	conf_msleep(20);
	return conf_bg_blocked(b);
}

/* ------------------------------------------------------------- slow tests */

/* Tests that need billions of calls run only when asked (run.sh --slow). */
CONF_FN void conf_need_slow(const char *why)
{
	if (!getenv("CONF_SLOW"))
		UNSUPPORTED("resource limit test, runs with run.sh --slow (%s)",
			    why);
}

/* -------------------------------------------------------------------- C11 */

/* Programs testing mtx_* and cnd_* define CONF_WANT_C11 first. */
#ifdef CONF_WANT_C11
#include <threads.h>

CONF_FN const char *conf_thrd(int r)
{
	static char buf[24];
	switch (r) {
	case thrd_success: return "thrd_success";
	case thrd_busy: return "thrd_busy";
	case thrd_error: return "thrd_error";
	case thrd_nomem: return "thrd_nomem";
	case thrd_timedout: return "thrd_timedout";
	}
	snprintf(buf, sizeof buf, "%d", r);
	return buf;
}

#define EXPECT_THRD(call, want)                                              \
	do {                                                                 \
		int conf_r_ = (call);                                        \
		int conf_w_ = (want);                                        \
		if (conf_r_ != conf_w_)                                      \
			FAIL("%s returned %s, expected %s", #call,           \
			     conf_thrd(conf_r_), conf_thrd(conf_w_));        \
	} while (0)

#define SETUP_THRD(call)                                                     \
	do {                                                                 \
		int conf_r_ = (call);                                        \
		if (conf_r_ != thrd_success)                                 \
			UNRESOLVED("setup %s returned %s", #call,            \
				   conf_thrd(conf_r_));                      \
	} while (0)
#endif

/* ----------------------------------------------------------------- glibc */

/* glibc 2.30 added the clock* variants (pthread_mutex_clocklock,
 * pthread_cond_clockwait, pthread_rwlock_clock*lock). */
#if defined(__GLIBC__) &&                                                    \
	(__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 30))
#define CONF_HAVE_CLOCK_VARIANTS 1
#endif

/* Bind `local` to glibc's compatibility symbol name@version, as an old
 * binary does (glibc keeps these names for programs linked long ago). */
#define CONF_COMPAT_SYMBOL(local, name, version)                             \
	__asm__(".symver " #local ", " #name "@" #version)

#endif
