/* Exact-result checks for the preload suite's programs.
 *
 * Every check prints what it compared, on stdout, in a fixed order, so a
 * run's whole output can be diffed against the program's .expected file:
 * the same file must match on glibc and on fxpthread.  A mismatch is also
 * reported on stderr with its location and makes check_done() fail.
 *
 * watchdog() bounds the run: a lost wakeup ends the process with SIGALRM
 * instead of hanging the test until CTest's timeout. */
#ifndef PRELOAD_CHECK_H
#define PRELOAD_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int check_failures;

static inline const char *check_errname(long long e)
{
	switch (e) {
	case 0: return "0";
	case EBUSY: return "EBUSY";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EDEADLK: return "EDEADLK";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case EAGAIN: return "EAGAIN";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	default: return "E?";
	}
}

static inline void check_eq(const char *file, int line, const char *what,
			    long long got, long long want)
{
	printf("%s = %lld\n", what, got);
	if (got != want) {
		fprintf(stderr, "%s:%d: %s: got %lld, want %lld\n", file, line,
			what, got, want);
		check_failures++;
	}
}

static inline void check_err(const char *file, int line, const char *what,
			     long long got, long long want)
{
	printf("%s -> %s\n", what, check_errname(got));
	if (got != want) {
		fprintf(stderr, "%s:%d: %s: got %s (%lld), want %s\n", file,
			line, what, check_errname(got), got,
			check_errname(want));
		check_failures++;
	}
}

/* EXPECT_EQ: a count or value.  EXPECT_ERR: an errno-style result. */
#define EXPECT_EQ(what, got, want)                                            \
	check_eq(__FILE__, __LINE__, what, (long long)(got), (long long)(want))
#define EXPECT_ERR(what, got, want)                                           \
	check_err(__FILE__, __LINE__, what, (long long)(got), (long long)(want))

static inline void watchdog(unsigned seconds)
{
	alarm(seconds); /* default action: terminate */
}

static inline int check_done(void)
{
	fflush(stdout);
	if (check_failures)
		fprintf(stderr, "%d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}

/* An absolute deadline ms milliseconds from now on clock. */
static inline struct timespec deadline_in(clockid_t clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

#endif
