/* Shared helpers of the aarch64 stress programs (conformance/aarch64/).
 *
 * Each program is plain C against the pthread API only; run.sh runs it
 * under qemu-aarch64 with libfxpthread preloaded.  A program first proves
 * that it runs on fxpthread (fxpthread_version() is found and names the
 * aarch64 build), checks exact results, prints one "ok" line per scenario
 * and exits 0; it exits 1 on a wrong result and 3 when its watchdog fires
 * (a hang is a lost wakeup until proven otherwise).
 *
 * FX_STRESS_SCALE (default 1) multiplies the iteration counts.
 */
#ifndef FX_AARCH64_STRESS_H
#define FX_AARCH64_STRESS_H

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The arch/ folder the library must have been built from. */
#ifndef FX_STRESS_ARCH
#define FX_STRESS_ARCH "aarch64"
#endif

#define FAIL(...)                                                            \
	do {                                                                 \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);        \
		fprintf(stderr, __VA_ARGS__);                                \
		fprintf(stderr, "\n");                                       \
		exit(1);                                                     \
	} while (0)

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (!(cond))                                                 \
			FAIL(__VA_ARGS__);                                   \
	} while (0)

/* A pthread call that must return 0. */
#define OK(call)                                                             \
	do {                                                                 \
		int r_ = (call);                                             \
		if (r_ != 0)                                                 \
			FAIL("%s = %s", #call, strerror(r_));                \
	} while (0)

static inline long stress_scale(long n)
{
	const char *s = getenv("FX_STRESS_SCALE");
	long k = s ? atol(s) : 1;
	return n * (k > 0 ? k : 1);
}

static void stress_watchdog_fired(int sig)
{
	static const char msg[] = "FAIL: watchdog: the program hangs\n";
	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(3);
	_exit(3);
}

/* Start the hang detector and prove the library underneath. */
static inline void stress_begin(const char *name, unsigned seconds)
{
	signal(SIGALRM, stress_watchdog_fired);
	alarm(seconds);
	const char *(*version)(void) =
		(const char *(*)(void))dlsym(RTLD_DEFAULT, "fxpthread_version");
	if (!version)
		FAIL("%s: not running on fxpthread (LD_PRELOAD?)", name);
	const char *v = version();
	if (!strstr(v, FX_STRESS_ARCH))
		FAIL("%s: fxpthread is not the " FX_STRESS_ARCH " build: %s",
		     name, v);
	printf("%s on %s\n", name, v);
	fflush(stdout);
}

static inline void spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
	OK(pthread_create(t, 0, fn, arg));
}

#endif
