/* Helpers for the regression scenarios of this folder.  Each scenario is a
 * small program built against glibc's headers and run with
 * LD_PRELOAD=libfxpthread.so; it prints one line per check and exits
 *   0   every check passed
 *   1   a check failed, or the watchdog fired (a hang is a failure)
 *   77  the scenario cannot run here (missing privilege, one CPU, ...)
 *
 * regress_start() proves that the calls reach fxpthread: the addresses the
 * program's own references resolved to must lie in libfxpthread.  Setting
 * REGRESS_ON_GLIBC=1 runs the scenario on whatever library provides the
 * functions (to see how glibc fares).
 */
#ifndef REGRESS_H
#define REGRESS_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SKIP 77

static int regress_failures;
static const char *regress_step = "start";

static inline void step(const char *what)
{
	__atomic_store_n(&regress_step, what, __ATOMIC_RELAXED);
}

__attribute__((unused)) static void check(int ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s ", ok ? "ok  " : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	if (!ok)
		regress_failures++;
}

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("FAIL ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	_exit(1);
}

__attribute__((unused)) static void skip(const char *why)
{
	printf("SKIP %s\n", why);
	fflush(stdout);
	exit(SKIP);
}

static void on_watchdog(int sig)
{
	(void)sig;
	const char *s = __atomic_load_n(&regress_step, __ATOMIC_RELAXED);
	char buf[256];
	int n = snprintf(buf, sizeof buf,
			 "FAIL watchdog: no progress, hung in step: %s\n", s);
	if (n > 0)
		(void)!write(1, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	_exit(1);
}

/* The process is killed, with a failure, if it runs longer than secs. */
static void watchdog(unsigned secs)
{
	signal(SIGALRM, on_watchdog);
	alarm(secs);
}

static int regress_finish(void)
{
	printf("%s: %d check(s) failed\n", regress_failures ? "FAIL" : "done",
	       regress_failures);
	return regress_failures ? 1 : 0;
}

/* Where does a function the program calls actually live? */
static const char *provider(void *fn)
{
	Dl_info info;
	if (!dladdr(fn, &info) || !info.dli_fname)
		return "?";
	const char *slash = strrchr(info.dli_fname, '/');
	return slash ? slash + 1 : info.dli_fname;
}

static void regress_start(unsigned watchdog_secs)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	watchdog(watchdog_secs);
	const char *p = provider((void *)&pthread_mutex_lock);
	const char *q = provider((void *)&pthread_cond_wait);
	/* "Is that thread asleep in the kernel?" is read from /proc. */
	if (access("/proc/self/syscall", R_OK))
		skip("needs /proc/PID/syscall");
	if (getenv("REGRESS_ON_GLIBC")) {
		printf("running on %s / %s (REGRESS_ON_GLIBC)\n", p, q);
		return;
	}
	if (strncmp(p, "libfxpthread", 12) || strncmp(q, "libfxpthread", 12))
		die("pthread_mutex_lock comes from %s, pthread_cond_wait from %s:"
		    " run with LD_PRELOAD=libfxpthread.so", p, q);
}

static inline pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static inline int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) && errno == EINTR) {
	}
}

/* An absolute CLOCK_REALTIME (or other clock) deadline ms from now. */
static inline struct timespec deadline_ms(clockid_t clock, int ms)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	return ts;
}

/* Is thread `tid` of process `pid` asleep in the futex system call on a
 * word inside [lo, lo + len)?  /proc/PID/task/TID/syscall gives the system
 * call a thread is in and its first argument (the futex address); it also
 * shows a thread that was woken but has not run yet, so the thread's state
 * in .../stat must also be S (sleeping).  len 0: any futex. */
static int blocked_in_futex(pid_t pid, pid_t tid, const void *lo, size_t len)
{
	char path[96], buf[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)pid,
		 (int)tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int ok = 0;
	if (fgets(buf, sizeof buf, f)) {
		long nr;
		unsigned long addr;
		if (sscanf(buf, "%ld %lx", &nr, &addr) == 2 && nr == SYS_futex)
			ok = len == 0 || (addr >= (uintptr_t)lo &&
					  addr < (uintptr_t)lo + len);
	}
	fclose(f);
	if (!ok)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	ok = 0;
	if (fgets(buf, sizeof buf, f)) {
		char *paren = strrchr(buf, ')'); /* the name may contain spaces */
		ok = paren && paren[1] == ' ' && paren[2] == 'S';
	}
	fclose(f);
	return ok;
}

/* Wait (up to ms) until blocked_in_futex holds. */
__attribute__((unused)) static int wait_blocked(pid_t pid, pid_t tid, const void *lo, size_t len,
			int ms)
{
	int64_t end = now_ns() + (int64_t)ms * 1000000;
	while (!blocked_in_futex(pid, tid, lo, len)) {
		if (now_ns() > end)
			return 0;
		sleep_ms(1);
	}
	return 1;
}

#endif
