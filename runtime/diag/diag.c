/* Start-up, fork and exit.
 *
 * The constructor reads the environment, maps the tables, registers the
 * fork handlers and only then switches the features on (one store to
 * diag_features): until that store every wrapper is a plain jump to the
 * core.  If a table cannot be mapped, the features stay off and a line on
 * stderr says so: a diagnostics library must never break the program.
 *
 * fork(): the prepare handler takes the lock-order graph's lock and the
 * report lock, so the child never inherits them half-updated; the child
 * resets every internal lock (D2), forgets the threads that did not
 * survive, and zeroes the counters so its report covers its own work.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag.h"

unsigned diag_features;
struct diag_config diag_config = {
	.top = 10,
	.format = DIAG_FMT_TEXT,
	.watchdog_ms = 1000,
	.hold_mask = 15,
	.nlocks = 1u << 16,
};

static int env_on(const char *name)
{
	const char *s = getenv(name);
	return s && *s && strcmp(s, "0") != 0;
}

static long env_long(const char *name, long def, long lo, long hi)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return def;
	char *end;
	long v = strtol(s, &end, 10);
	return (*end || v < lo || v > hi) ? def : v;
}

static const char *env_str(const char *name)
{
	const char *s = getenv(name);
	return s && *s ? s : 0;
}

static void say(const char *msg)
{
	(void)!write(2, msg, strlen(msg));
}

static void read_config(void)
{
	diag_config.top = (int)env_long("FXPTHREAD_PROFILE_TOP", 10, 1, 1000000);
	const char *fmt = env_str("FXPTHREAD_PROFILE_FORMAT");
	if (fmt && strcmp(fmt, "json") == 0)
		diag_config.format = DIAG_FMT_JSON;
	else if (fmt && strcmp(fmt, "csv") == 0)
		diag_config.format = DIAG_FMT_CSV;
	else if (fmt && strcmp(fmt, "text") != 0)
		say("fxpthread-diag: FXPTHREAD_PROFILE_FORMAT is text, json "
		    "or csv; using text\n");
	diag_config.file = env_str("FXPTHREAD_PROFILE_FILE");
	diag_config.folded = env_str("FXPTHREAD_PROFILE_FOLDED");
	diag_config.watchdog_ms =
		env_long("FXPTHREAD_LOCKDEP_TIMEOUT_MS", 1000, 10, 86400000);
	diag_config.lockdep_abort = env_on("FXPTHREAD_LOCKDEP_ABORT");
	long sample = env_long("FXPTHREAD_PROFILE_HOLD_SAMPLE", 16, 1, 1 << 20);
	uint64_t pow2 = 1;
	while (pow2 < (uint64_t)sample)
		pow2 <<= 1;
	diag_config.hold_mask = pow2 - 1;
	long n = env_long("FXPTHREAD_DIAG_LOCKS", 1 << 16, 64, 1 << 24);
	uint32_t cap = 64;
	while (cap < (uint32_t)n)
		cap <<= 1;
	diag_config.nlocks = cap;
}

static void prepare_fork(void)
{
	diag_tls.in_diag++;
	diag_lockdep_prepare_fork();
	diag_report_begin();
}

static void parent_fork(void)
{
	diag_report_end();
	diag_lockdep_parent_fork();
	diag_tls.in_diag--;
}

static void child_fork(void)
{
	diag_report_after_fork_child();
	diag_lockdep_after_fork_child();
	diag_threads_after_fork_child();
	if (diag_features & DIAG_PROFILE) {
		diag_table_reset_counters();
		diag_config.start_ns = diag_now();
	}
	diag_tls.in_diag = 0;
}

/* Runs after next.c's resolution (priority 101). */
__attribute__((constructor(102))) static void diag_init(void)
{
	unsigned f = 0;
	if (env_on("FXPTHREAD_PROFILE"))
		f |= DIAG_PROFILE;
	if (env_on("FXPTHREAD_LOCKDEP"))
		f |= DIAG_LOCKDEP;
	if (env_on("FXPTHREAD_CHECK"))
		f |= DIAG_CHECK;
	if (env_on("FXPTHREAD_PROBES"))
		f |= DIAG_PROBES;
	if (!f)
		return;
	read_config();
	diag_config.pid0 = getpid();
	diag_config.start_ns = diag_now();
	diag_clock_init();
	if (diag_table_init(diag_config.nlocks) || diag_threads_init() ||
	    diag_stacks_init() || diag_lockdep_init()) {
		say("fxpthread-diag: cannot map its tables; diagnostics off\n");
		return;
	}
	pthread_atfork(prepare_fork, parent_fork, child_fork);
	fx_store_release(&diag_features, f);
}

__attribute__((destructor)) static void diag_fini(void)
{
	if (!(fx_load_acquire(&diag_features) & DIAG_PROFILE))
		return;
	diag_profile_at_exit();
}
