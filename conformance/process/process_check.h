/* Shared helpers for the process suite: every program here is one
 * scenario, run as its own process on fxpthread (LD_PRELOAD), printing
 * what it checked and exiting nonzero on the first failure.
 *
 *   fxp_begin()        proves the process runs on fxpthread, arms a hang
 *                      detector and names the scenario
 *   fxp_step()         names the step in progress; a hang or a failure
 *                      reports it
 *   fxp_progress()     a round completed: the hang bound starts again
 *   fxp_run_case()     runs one case in a child process with its own bound
 *   CHECK / CHECK_RC   fail with file, line, step and values
 *   fxp_wait_asleep()  waits until a thread is asleep in the kernel, so a
 *                      scenario can say "already blocked" and mean it
 *
 * Time bounds in these programs only ever detect hangs; no check depends
 * on how long something took. */
#ifndef FXP_PROCESS_CHECK_H
#define FXP_PROCESS_CHECK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
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

#define FXP_SKIP 77 /* CTest SKIP_RETURN_CODE */

#define FXP_UNUSED __attribute__((unused))

static const char *volatile fxp_scenario = "?";
static const char *volatile fxp_cur_step = "start";

/* async-signal-safe write of a few strings */
static FXP_UNUSED void fxp_write_str(const char *s)
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

/* What fxp_wait_asleep is waiting for, for the hang report. */
static volatile pid_t fxp_waiting_tid;
static volatile char fxp_waiting_state;

static FXP_UNUSED void fxp_write_num(long v)
{
	char b[24];
	int i = sizeof b;
	int neg = v < 0;
	unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
	b[--i] = 0;
	do
		b[--i] = (char)('0' + u % 10);
	while ((u /= 10) && i > 1);
	if (neg)
		b[--i] = '-';
	fxp_write_str(b + i);
}

static FXP_UNUSED void fxp_hang(int sig)
{
	(void)sig;
	fxp_write_str("FAIL ");
	fxp_write_str(fxp_scenario);
	fxp_write_str(": hang detected (no progress within the bound) in step: ");
	fxp_write_str(fxp_cur_step);
	if (fxp_waiting_tid) {
		char st[2] = { fxp_waiting_state ? fxp_waiting_state : '?', 0 };
		fxp_write_str(" (waiting for thread ");
		fxp_write_num(fxp_waiting_tid);
		fxp_write_str(" to sleep; its state: ");
		fxp_write_str(st);
		fxp_write_str(")");
	}
	fxp_write_str("\n");
	_exit(3); /* children follow: PR_SET_PDEATHSIG in fxp_fork */
}

static unsigned fxp_bound;

/* Arm the hang detector: SIGALRM when `seconds` pass without progress,
 * times FXP_HANG_SCALE from the environment when set (slow runs such as
 * valgrind). */
static FXP_UNUSED void fxp_watchdog(unsigned seconds)
{
	const char *scale = getenv("FXP_HANG_SCALE");
	if (scale && atoi(scale) > 1)
		seconds *= (unsigned)atoi(scale);
	fxp_bound = seconds;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fxp_hang;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, 0);
	alarm(seconds);
}

/* A round completed: the bound starts again.  Loops call this once per
 * round, so the bound detects a stuck round, not a slow machine. */
static FXP_UNUSED void fxp_progress(void)
{
	if (fxp_bound)
		alarm(fxp_bound);
}

static FXP_UNUSED void fxp_step(const char *what)
{
	fxp_cur_step = what;
}

static FXP_UNUSED void fxp_fail(const char *file, int line, const char *fmt,
				...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "FAIL %s: %s:%d: step '%s': ", fxp_scenario, file,
		line, fxp_cur_step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fflush(stderr);
	_exit(1);
}

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond))                                                  \
			fxp_fail(__FILE__, __LINE__, __VA_ARGS__);            \
	} while (0)

/* A pthread-style call that returns an error number. */
#define CHECK_RC(call, want)                                                  \
	do {                                                                  \
		int fxp_rc_ = (call);                                         \
		int fxp_want_ = (want);                                       \
		if (fxp_rc_ != fxp_want_)                                     \
			fxp_fail(__FILE__, __LINE__, "%s returned %d (%s), "  \
				 "expected %d (%s)", #call, fxp_rc_,          \
				 strerror(fxp_rc_), fxp_want_,                \
				 strerror(fxp_want_));                        \
	} while (0)

#define CHECK_OK(call) CHECK_RC(call, 0)

static FXP_UNUSED pid_t fxp_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* The scenario runs on fxpthread, or it proves nothing: the library must
 * answer fxpthread_active, and the entry points this program calls must
 * resolve into it. */
static FXP_UNUSED void fxp_require_fxpthread(void)
{
	int (*active)(void) = (int (*)(void))dlsym(RTLD_DEFAULT,
						   "fxpthread_active");
	CHECK(active != 0, "fxpthread_active not found: not running on "
			   "fxpthread (run under LD_PRELOAD=libfxpthread.so)");
	CHECK(active() != 0, "fxpthread_active() returned 0");
	struct {
		const char *name;
		void *fn;
	} fns[] = {
		{ "pthread_mutex_lock", (void *)pthread_mutex_lock },
		{ "pthread_mutex_unlock", (void *)pthread_mutex_unlock },
		{ "pthread_cond_wait", (void *)pthread_cond_wait },
		{ "pthread_rwlock_wrlock", (void *)pthread_rwlock_wrlock },
		{ "pthread_barrier_wait", (void *)pthread_barrier_wait },
		{ "pthread_spin_lock", (void *)pthread_spin_lock },
	};
	const char *lib = 0;
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		Dl_info info;
		CHECK(dladdr(fns[i].fn, &info) != 0 && info.dli_fname,
		      "dladdr(%s) failed", fns[i].name);
		CHECK(strstr(info.dli_fname, "libfxpthread") != 0,
		      "%s resolves to %s, not libfxpthread", fns[i].name,
		      info.dli_fname);
		lib = info.dli_fname;
	}
	printf("[%s] running on %s\n", fxp_scenario, lib);
	fflush(stdout);
}

/* Every scenario starts here. */
static FXP_UNUSED void fxp_begin(const char *scenario, unsigned hang_seconds)
{
	fxp_scenario = scenario;
	setvbuf(stdout, 0, _IOLBF, 0);
	fxp_require_fxpthread();
	fxp_watchdog(hang_seconds);
}

static FXP_UNUSED void fxp_pass(const char *fmt, ...)
{
	va_list ap;
	printf("PASS %s: ", fxp_scenario);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static FXP_UNUSED void fxp_note(const char *fmt, ...)
{
	va_list ap;
	printf("  [%s] ", fxp_scenario);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ------------------------------------------------------------ objects */

/* glibc's mutexattr spelling of one mutex flavour. */
struct fxp_mutex_kind {
	const char *name;
	int type;     /* PTHREAD_MUTEX_* */
	int robust;   /* PTHREAD_MUTEX_ROBUST or STALLED */
	int protocol; /* PTHREAD_PRIO_* */
	int pshared;  /* PTHREAD_PROCESS_* */
};

static FXP_UNUSED void fxp_mutex_init(pthread_mutex_t *m,
				      const struct fxp_mutex_kind *k)
{
	pthread_mutexattr_t a;
	CHECK_OK(pthread_mutexattr_init(&a));
	CHECK_OK(pthread_mutexattr_settype(&a, k->type));
	CHECK_OK(pthread_mutexattr_setrobust(&a, k->robust));
	CHECK_OK(pthread_mutexattr_setprotocol(&a, k->protocol));
	CHECK_OK(pthread_mutexattr_setpshared(&a, k->pshared));
	CHECK_OK(pthread_mutex_init(m, &a));
	CHECK_OK(pthread_mutexattr_destroy(&a));
}

static FXP_UNUSED void fxp_robust_init(pthread_mutex_t *m, int pshared,
				       int protocol)
{
	struct fxp_mutex_kind k = { "robust", PTHREAD_MUTEX_NORMAL,
				    PTHREAD_MUTEX_ROBUST, protocol, pshared };
	fxp_mutex_init(m, &k);
}

/* The futex word: the first 4 bytes of the object. */
static FXP_UNUSED uint32_t fxp_word(const void *obj)
{
	return __atomic_load_n((const uint32_t *)obj, __ATOMIC_SEQ_CST);
}

static FXP_UNUSED void *fxp_shared_alloc(size_t size)
{
	void *p = mmap(0, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap shared: %s", strerror(errno));
	return p;
}

/* -------------------------------------------------------------- time */

static FXP_UNUSED struct timespec fxp_now(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return t;
}

static FXP_UNUSED struct timespec fxp_after_ms(clockid_t clock, long ms)
{
	struct timespec t = fxp_now(clock);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static FXP_UNUSED void fxp_sleep_us(long us)
{
	struct timespec t = { us / 1000000, (us % 1000000) * 1000 };
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* ------------------------------------------------- real-time scenarios */

/* /proc/self/task/TID/NAME into buf, NUL-terminated: its length, or -1
 * when the file cannot be opened or is empty (the thread has gone). */
static FXP_UNUSED ssize_t fxp_read_task_file(pid_t tid, const char *name,
					     char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)tid, name);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return n;
}

/* One numeric field of /proc/self/task/TID/stat (1-based, as in proc(5)). */
static FXP_UNUSED long fxp_task_stat_field(pid_t tid, int want)
{
	char buf[1024];
	CHECK(fxp_read_task_file(tid, "stat", buf, sizeof buf) > 0,
	      "read /proc/self/task/%d/stat", (int)tid);
	char *p = strrchr(buf, ')');
	CHECK(p, "parse /proc/self/task/%d/stat", (int)tid);
	p += 2; /* field 3, state */
	for (int field = 3; field < want; field++) {
		p = strchr(p, ' ');
		CHECK(p, "parse /proc/self/task/%d/stat", (int)tid);
		p++;
	}
	return atol(p);
}

/* Effective priority, the prio field (18): -1 - rt_priority for a
 * real-time task, so a boost shows here and not in sched_getparam. */
static FXP_UNUSED int fxp_task_prio(pid_t tid)
{
	return (int)fxp_task_stat_field(tid, 18);
}

/* Thread attributes: SCHED_FIFO at prio, pinned to cpu. */
static FXP_UNUSED void fxp_attr_fifo(pthread_attr_t *a, int cpu, int prio)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	struct sched_param sp = { .sched_priority = prio };
	CHECK_OK(pthread_attr_init(a));
	CHECK_OK(pthread_attr_setinheritsched(a, PTHREAD_EXPLICIT_SCHED));
	CHECK_OK(pthread_attr_setschedpolicy(a, SCHED_FIFO));
	CHECK_OK(pthread_attr_setschedparam(a, &sp));
	CHECK_OK(pthread_attr_setaffinity_np(a, sizeof set, &set));
}

/* Pins the calling thread to its first allowed CPU (*cpu) and makes it
 * SCHED_FIFO at prio.  Returns 0, or FXP_SKIP (printed) without root or
 * without permission for real-time scheduling. */
static FXP_UNUSED int fxp_rt_begin(int prio, int *cpu)
{
	if (geteuid() != 0) {
		printf("SKIP: needs root for SCHED_FIFO\n");
		return FXP_SKIP;
	}
	cpu_set_t set;
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0, "getaffinity");
	int c;
	for (c = 0; c < CPU_SETSIZE && !CPU_ISSET(c, &set); c++)
		;
	CPU_ZERO(&set);
	CPU_SET(c, &set);
	CHECK(sched_setaffinity(0, sizeof set, &set) == 0, "setaffinity");
	struct sched_param sp = { .sched_priority = prio };
	int r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (r == EPERM) {
		printf("SKIP: SCHED_FIFO not permitted here\n");
		return FXP_SKIP;
	}
	CHECK_OK(r);
	*cpu = c;
	return 0;
}

/* ----------------------------------------------------- thread states */

/* State letter of a thread of this process ('R', 'S', ...), or 0. */
static FXP_UNUSED char fxp_task_state(pid_t tid)
{
	char buf[512];
	if (fxp_read_task_file(tid, "stat", buf, sizeof buf) < 0)
		return 0;
	char *p = strrchr(buf, ')');
	return (p && p[1] == ' ') ? p[2] : 0;
}

/* Wait until thread `tid` of this process sleeps ('S').  The caller has
 * already seen evidence that the thread reached its blocking call (a
 * FUTEX_WAITERS bit, a counter); the thread has no other place to sleep,
 * so 'S' means it sleeps in that call.  Bounded by the hang detector. */
static FXP_UNUSED void fxp_wait_asleep(pid_t tid)
{
	int n = 0, gone = 0;
	fxp_waiting_tid = tid;
	for (;;) {
		char s = fxp_task_state(tid);
		fxp_waiting_state = s;
		if (s == 'S' && ++n >= 2) /* twice: not a passing glance */
			break;
		if (s != 'S')
			n = 0;
		/* A thread that ended never blocked: its call returned. */
		gone = (s == 0 || s == 'Z' || s == 'X') ? gone + 1 : 0;
		CHECK(gone < 3, "thread %d ended instead of blocking: its call "
		      "returned at once", (int)tid);
		fxp_sleep_us(200);
	}
	fxp_waiting_tid = 0;
}

/* Same for a whole (single-threaded) process. */
static FXP_UNUSED char fxp_proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return (p && p[1] == ' ') ? p[2] : 0;
}

static FXP_UNUSED void fxp_wait_proc_asleep(pid_t pid)
{
	int n = 0;
	for (;;) {
		char s = fxp_proc_state(pid);
		if (s == 'S' && ++n >= 2)
			return;
		if (s != 'S')
			n = 0;
		fxp_sleep_us(200);
	}
}

/* ---------------------------------------------------------- children */

/* fork() for scenario children: they die with the scenario. */
static FXP_UNUSED pid_t fxp_fork(void)
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

/* ------------------------------------------------------------ strace */

/* Runs this program again as `SELF --child ARG` under `strace -f -e
 * trace=futex,write`, writing the trace to the file `trace`; `preload` is
 * the library to preload (0: none, glibc) and `env` one more
 * VAR=VAL to set or VAR to remove.  strace itself runs on glibc.  Returns
 * 0 when the child exited with 0, FXP_SKIP when strace could not trace
 * here (ptrace not permitted); fails the scenario otherwise. */
static FXP_UNUSED int fxp_strace_child(const char *trace, const char *self,
				       const char *preload, const char *env,
				       const char *arg)
{
	char pre[4096];
	if (preload)
		snprintf(pre, sizeof pre, "LD_PRELOAD=%s", preload);
	else
		snprintf(pre, sizeof pre, "LD_PRELOAD");
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		unsetenv("LD_PRELOAD");
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 2);
		/* strace -E VAR=VAL sets, -E VAR removes */
		execlp("strace", "strace", "-f", "-qq", "-e",
		       "trace=futex,write", "-e", "signal=none", "-E", pre,
		       "-E", env, "-o", trace,
		       self, "--child", arg, (char *)0);
		_exit(127);
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
			return FXP_SKIP; /* strace's own failure */
		CHECK(0, "traced child %s failed (status %#x)", arg, st);
	}
	return 0;
}

/* The parent side of a strace scenario: exits with FXP_SKIP when strace
 * is not installed; fills self (n bytes) with this program's path and
 * returns the preloaded library, which the traced children preload. */
static FXP_UNUSED const char *fxp_strace_begin(char *self, size_t n)
{
	if (system("strace -V >/dev/null 2>&1") != 0) {
		printf("SKIP: strace not found\n");
		exit(FXP_SKIP);
	}
	const char *lib = getenv("LD_PRELOAD");
	CHECK(lib && *lib, "LD_PRELOAD not set");
	ssize_t len = readlink("/proc/self/exe", self, n - 1);
	CHECK(len > 0, "readlink /proc/self/exe");
	self[len] = 0;
	return lib;
}

/* Traced children mark what the parent should look at with writes to
 * fd -1, which fail (EBADF) without output but appear in the trace:
 * "FXP-MUTEX ADDR" names the mutex word, "FXP-BEGIN" and "FXP-END"
 * bracket the calls to count. */
static FXP_UNUSED void fxp_trace_marker(const char *s)
{
	ssize_t r = write(-1, s, strlen(s));
	(void)r;
}

/* For a trace line: 1 when it is a begin or end marker (updating *inside
 * and counting it in *marks), else 0. */
static FXP_UNUSED int fxp_trace_bracket(const char *line, int *inside,
					int *marks)
{
	if (strstr(line, "FXP-BEGIN"))
		*inside = 1;
	else if (strstr(line, "FXP-END"))
		*inside = 0;
	else
		return 0;
	(*marks)++;
	return 1;
}

struct fxp_mutex_trace {
	int total;	/* futex calls between the markers */
	int on_mutex;	/* of them, on the mutex word */
	int requeues;	/* of them, FUTEX_CMP_REQUEUE */
	int marks;	/* markers seen (2 when complete) */
};

/* Count the futex calls of an `strace -f` trace ("PID futex(ADDR, OP,
 * ...) = RET"; a call split by another thread's line counts at its
 * start) between the markers, and those on the FXP-MUTEX word. */
static FXP_UNUSED void fxp_trace_count_mutex(const char *path,
					     struct fxp_mutex_trace *k)
{
	FILE *f = fopen(path, "r");
	CHECK(f, "open trace %s", path);
	char line[1024], mutex[64] = "";
	int inside = 0;
	memset(k, 0, sizeof *k);
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, "FXP-MUTEX ");
		if (p && !*mutex) {
			/* write(-1, "FXP-MUTEX 0x...", N) */
			snprintf(mutex, sizeof mutex, "futex(%.*s,",
				 (int)strcspn(p + 10, "\""), p + 10);
			continue;
		}
		if (fxp_trace_bracket(line, &inside, &k->marks))
			continue;
		if (!inside || !(p = strstr(line, "futex(")))
			continue;
		k->total++;
		if (*mutex && strncmp(p, mutex, strlen(mutex)) == 0)
			k->on_mutex++;
		if (strstr(p, "FUTEX_CMP_REQUEUE"))
			k->requeues++;
	}
	fclose(f);
	CHECK(*mutex, "trace %s lacks the mutex address", path);
	CHECK(k->marks == 2, "trace %s lacks its markers", path);
}

/* fxp_strace_child into a temporary trace file, counted by
 * fxp_trace_count_mutex.  Returns 0, or FXP_SKIP. */
static FXP_UNUSED int fxp_strace_count_mutex(const char *self,
					     const char *preload,
					     const char *env, const char *arg,
					     struct fxp_mutex_trace *k)
{
	char trace[] = "/tmp/fxp-trace.XXXXXX";
	int fd = mkstemp(trace);
	CHECK(fd >= 0, "mkstemp");
	close(fd);
	int r = fxp_strace_child(trace, self, preload, env, arg);
	if (r == 0)
		fxp_trace_count_mutex(trace, k);
	unlink(trace);
	return r;
}

/* Reap a child that must have exited with status 0. */
static FXP_UNUSED void fxp_reap_ok(pid_t pid, const char *what)
{
	int st;
	pid_t r;
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	CHECK(r == pid, "waitpid(%s): %s", what, strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child %s ended with %s %d", what,
	      WIFEXITED(st) ? "exit status" : "signal",
	      WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
}

/* Reap a child we killed with SIGKILL. */
static FXP_UNUSED void fxp_reap_killed(pid_t pid)
{
	int st;
	pid_t r;
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	CHECK(r == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "child did not die of SIGKILL (status %#x)", st);
}

static FXP_UNUSED void fxp_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		CHECK(w > 0, "write: %s", strerror(errno));
		p += w;
		n -= (size_t)w;
	}
}

static FXP_UNUSED void fxp_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		CHECK(r > 0, "read: %s", r == 0 ? "EOF" : strerror(errno));
		p += r;
		n -= (size_t)r;
	}
}

/* Run one case of a scenario in a child process with its own hang
 * detector, so that one case hanging or failing does not hide the
 * others.  Returns 0 if the case passed, 1 otherwise (already reported). */
static FXP_UNUSED int fxp_run_case(const char *name, void (*fn)(void *),
				   void *arg, unsigned hang_seconds)
{
	pid_t p = fxp_fork();
	if (p == 0) {
		fxp_cur_step = name;
		fxp_watchdog(hang_seconds);
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	/* The case bounds itself; the caller's bound restarts afterwards. */
	alarm(0);
	int st;
	pid_t r;
	while ((r = waitpid(p, &st, 0)) < 0 && errno == EINTR)
		;
	CHECK(r == p, "waitpid: %s", strerror(errno));
	fxp_progress();
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		printf("  ok   %s\n", name);
		return 0;
	}
	printf("  FAIL %s (%s %d)\n", name,
	       WIFEXITED(st) ? (WEXITSTATUS(st) == 3 ? "hang, exit" : "exit")
			     : "signal",
	       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	fflush(stdout);
	return 1;
}

/* A start line for n processes or threads: each arrives, then all leave
 * together, so the contended part really runs concurrently. */
static FXP_UNUSED void fxp_start_line(volatile int *ready, int n)
{
	__atomic_fetch_add(ready, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(ready, __ATOMIC_SEQ_CST) < n)
		sched_yield();
}

/* Small deterministic PRNG (xorshift), seeded per scenario. */
static FXP_UNUSED uint32_t fxp_rand(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x ? x : 0x9e3779b9u;
}

#endif
