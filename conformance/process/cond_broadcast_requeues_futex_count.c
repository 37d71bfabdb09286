/* pthread_cond_broadcast moves its waiters onto the mutex instead of
 * waking them all (FUTEX_CMP_REQUEUE, docs/cond.md#broadcast): counted
 * with strace, syscall by syscall, for 8 and for 64 waiters.
 *
 * The program runs itself under `strace -f -e trace=futex,write` (SKIP
 * when strace is missing or cannot trace here).  The traced child starts N
 * waiters on a condvar with a default mutex, waits until every one sleeps,
 * writes a marker (write(-1, "FXP-BEGIN") fails harmlessly, but strace
 * records it), then locks the mutex, broadcasts, unlocks, and waits
 * (nanosleep, no futex) until all N have re-acquired and released the
 * mutex, and writes the end marker.  The parent reads the trace between
 * the markers and requires, for both N:
 *   - the broadcast is one syscall, FUTEX_CMP_REQUEUE, which returns N (W
 *     waiters woken, the rest moved onto the mutex): O(1) in N;
 *   - it wakes W: FXPTHREAD_BROADCAST_WAKE when set, else 3 per CPU (at
 *     most 32; 1 on a single CPU), docs/cond.md#broadcast-wake;
 *   - the broadcasting thread makes at most 2 futex calls in all (the
 *     requeue, and the wake in its unlock of the now contended mutex);
 * With W = 1 (FXPTHREAD_BROADCAST_WAKE=1) only one waiter is awake at a
 * time, so also:
 *   - the waiters do not collide: at most 3 FUTEX_WAIT calls in the whole
 *     round, for 8 as for 64 waiters (a wake-all broadcast makes the woken
 *     waiters queue on the mutex one by one: up to N - 1 waits);
 *   - at most N + 5 futex calls in the round: one wake per hand-over of
 *     the mutex, and a constant.
 * When W >= N (the default W on a machine with 3 or more CPUs, for 8
 * waiters) there is nobody to requeue, and the broadcast is one FUTEX_WAKE
 * of the condvar word that returns N instead (C7, docs/cond.md#no-requeue).
 * With the default W the woken waiters may collide on the mutex (that is
 * the price of overlapping their wakeups; how often depends on the
 * scheduler), so the round is only held to no storm: at most 3N + 4
 * calls.  The same child then runs on glibc (LD_PRELOAD removed) for
 * comparison; its counts are printed, not checked.
 */
#include "process_check.h"

#define MAX_WAITERS 64

/* ------------------------------------------------------- traced child */

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int go, ready, passed;
static volatile pid_t tids[MAX_WAITERS];

static void *waiter(void *arg)
{
	long i = (long)arg;
	tids[i] = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(&m));
	ready++;
	while (!go)
		CHECK_OK(pthread_cond_wait(&c, &m));
	CHECK_OK(pthread_mutex_unlock(&m));
	__atomic_fetch_add(&passed, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static int child(int n)
{
	pthread_t t[MAX_WAITERS];
	for (long i = 0; i < n; i++)
		CHECK_OK(pthread_create(&t[i], 0, waiter, (void *)i));
	for (;;) {
		CHECK_OK(pthread_mutex_lock(&m));
		int r = ready;
		CHECK_OK(pthread_mutex_unlock(&m));
		if (r == n)
			break;
		fxp_sleep_us(1000);
	}
	/* every waiter counted itself, so each one sleeps in its condvar
	 * wait (the only place left to sleep) */
	for (int i = 0; i < n; i++)
		fxp_wait_asleep(tids[i]);
	fxp_trace_marker("FXP-BEGIN");
	CHECK_OK(pthread_mutex_lock(&m));
	go = 1;
	CHECK_OK(pthread_cond_broadcast(&c));
	CHECK_OK(pthread_mutex_unlock(&m));
	while (__atomic_load_n(&passed, __ATOMIC_SEQ_CST) < n)
		fxp_sleep_us(200);
	fxp_trace_marker("FXP-END");
	for (int i = 0; i < n; i++)
		CHECK_OK(pthread_join(t[i], 0));
	return 0;
}

/* --------------------------------------------------------- the parent */

struct counts {
	int total;	   /* futex calls between the markers */
	int broadcaster;   /* of them, by the child's main thread */
	int waits;	   /* FUTEX_WAIT* (any variant) */
	int wakes;	   /* FUTEX_WAKE* */
	int requeues;	   /* FUTEX_CMP_REQUEUE* */
	long requeue_wake; /* nr_wake of the last requeue */
	long requeue_ret;  /* return value of the last requeue */
	int first_wake;	   /* the broadcaster's first futex call is a wake */
	long wake_ret;	   /* ... and returned this */
	int marks;	   /* markers seen (2 when complete) */
};

/* Parse `strace -f` output: "PID futex(ADDR, OP, ...) = RET", with calls
 * that other threads interrupted split into "<unfinished ...>" and
 * "<... futex resumed>" lines (counted once, at their start). */
static void parse(const char *path, struct counts *k)
{
	pid_t main_pid = -1; /* the broadcaster: it writes the markers */
	FILE *f = fopen(path, "r");
	CHECK(f, "open trace %s", path);
	char line[1024];
	int inside = 0;
	pid_t requeue_pid = 0, wake_pid = 0;
	memset(k, 0, sizeof *k);
	k->requeue_ret = k->wake_ret = -1;
	while (fgets(line, sizeof line, f)) {
		char *p;
		long pid = strtol(line, &p, 10);
		if (fxp_trace_bracket(line, &inside, &k->marks)) {
			if (inside)
				main_pid = (pid_t)pid;
			continue;
		}
		if (!inside)
			continue;
		while (*p == ' ')
			p++;
		if (strncmp(p, "<... futex resumed>", 19) == 0) {
			char *eq = strrchr(p, '=');
			if (pid == requeue_pid) {
				if (eq)
					k->requeue_ret = atol(eq + 1);
				requeue_pid = 0;
			}
			if (pid == wake_pid) {
				if (eq)
					k->wake_ret = atol(eq + 1);
				wake_pid = 0;
			}
			continue;
		}
		if (strncmp(p, "futex(", 6) != 0)
			continue;
		k->total++;
		if (pid == main_pid && k->broadcaster++ == 0 &&
		    strstr(p, "FUTEX_WAKE")) {
			k->first_wake = 1;
			char *eq = strstr(p, ") = ");
			if (eq)
				k->wake_ret = atol(eq + 4);
			else
				wake_pid = (pid_t)pid;
		}
		if (strstr(p, "FUTEX_CMP_REQUEUE")) {
			k->requeues++;
			/* futex(ADDR, FUTEX_CMP_REQUEUE_PRIVATE, NR_WAKE, ... */
			char *a = strchr(strstr(p, "FUTEX_CMP_REQUEUE"), ',');
			k->requeue_wake = a ? atol(a + 1) : -1;
			char *eq = strstr(p, ") = ");
			if (eq)
				k->requeue_ret = atol(eq + 4);
			else
				requeue_pid = (pid_t)pid;
		} else if (strstr(p, "FUTEX_WAKE")) {
			k->wakes++;
		} else if (strstr(p, "FUTEX_WAIT")) {
			k->waits++;
		}
	}
	fclose(f);
}

/* Runs the child for n waiters under strace; preload is the library to
 * preload, or 0 for glibc.  Returns 0, or FXP_SKIP when strace could not
 * trace. */
static int traced_run(const char *self, int n, const char *preload,
		      int wake, struct counts *k)
{
	char trace[] = "/tmp/fxp-bcast-trace.XXXXXX";
	int fd = mkstemp(trace);
	CHECK(fd >= 0, "mkstemp");
	close(fd);
	char nbuf[16], wenv[64];
	snprintf(nbuf, sizeof nbuf, "%d", n);
	if (wake > 0)
		snprintf(wenv, sizeof wenv, "FXPTHREAD_BROADCAST_WAKE=%d", wake);
	else
		snprintf(wenv, sizeof wenv, "FXPTHREAD_BROADCAST_WAKE");
	int r = fxp_strace_child(trace, self, preload, wenv, nbuf);
	if (r == 0)
		parse(trace, k);
	unlink(trace);
	if (r == 0)
		CHECK(k->marks == 2, "trace for %d waiters lacks its markers",
		      n);
	return r;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--child") == 0) {
		fxp_scenario = "cond_broadcast_requeues_futex_count (child)";
		fxp_watchdog(60);
		int n = atoi(argv[2]);
		CHECK(n > 0 && n <= MAX_WAITERS, "bad N %d", n);
		return child(n);
	}
	fxp_begin("cond_broadcast_requeues_futex_count", 100);
	char self[4096];
	const char *lib = fxp_strace_begin(self, sizeof self);

	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int dflt = ncpu > 1 ? (int)(3 * ncpu < 32 ? 3 * ncpu : 32) : 1;
	static const int sizes[] = { 8, 64 };
	for (size_t i = 0; i < 4; i++) {
		int n = sizes[i / 2];
		int set = i % 2 == 0 ? 1 : 0;  /* 0: the default */
		int w = set ? set : dflt;
		struct counts fx, gl;
		static char what[96];
		snprintf(what, sizeof what, "%d waiters on fxpthread, %s", n,
			 set ? "FXPTHREAD_BROADCAST_WAKE=1" : "default wake");
		fxp_step(what);
		if (traced_run(self, n, lib, set, &fx) == FXP_SKIP) {
			printf("SKIP: strace cannot trace here\n");
			return FXP_SKIP;
		}
		int glibc_ok = 0;
		if (set) {
			fxp_step(n == 8 ? "8 waiters on glibc"
					: "64 waiters on glibc");
			glibc_ok = traced_run(self, n, 0, 0, &gl) == 0;
		}
		fxp_note("N=%d W=%d  fxpthread: %d futex calls (%d by the "
			 "broadcaster; %d requeue waking %ld and returning %ld, "
			 "%d wake, %d wait)", n, w, fx.total, fx.broadcaster,
			 fx.requeues, fx.requeue_wake, fx.requeue_ret, fx.wakes,
			 fx.waits);
		if (glibc_ok)
			fxp_note("N=%d  glibc:     %d futex calls (%d by the "
				 "broadcaster; %d requeue, %d wake, %d wait)",
				 n, gl.total, gl.broadcaster, gl.requeues,
				 gl.wakes, gl.waits);
		fxp_step("checks");
		if (w >= n) {
			/* nobody to move (C7) */
			CHECK(fx.requeues == 0, "N=%d W=%d: %d FUTEX_CMP_REQUEUE "
			      "calls, expected none", n, w, fx.requeues);
			CHECK(fx.first_wake && fx.wake_ret == n, "N=%d W=%d: the "
			      "broadcast's first call is %s returning %ld, "
			      "expected a FUTEX_WAKE returning %d", n, w,
			      fx.first_wake ? "a wake" : "no wake", fx.wake_ret,
			      n);
		} else {
			CHECK(fx.requeues == 1, "N=%d: %d FUTEX_CMP_REQUEUE "
			      "calls, expected the broadcast's one", n,
			      fx.requeues);
			CHECK(fx.requeue_wake == w, "N=%d: the requeue woke %ld, "
			      "expected %d", n, fx.requeue_wake, w);
			CHECK(fx.requeue_ret == n, "N=%d: the requeue returned "
			      "%ld, expected %d (woken + moved)", n,
			      fx.requeue_ret, n);
		}
		CHECK(fx.broadcaster <= 2, "N=%d: the broadcasting thread made "
		      "%d futex calls, expected the requeue and at most one "
		      "wake", n, fx.broadcaster);
		int max_waits = w == 1 ? 3 : 3 * n;
		int max_total = w == 1 ? n + 5 : 3 * n + 4;
		CHECK(fx.waits <= max_waits, "N=%d W=%d: %d FUTEX_WAIT calls "
		      "after the broadcast: the waiters collided on the mutex",
		      n, w, fx.waits);
		CHECK(fx.total <= max_total, "N=%d W=%d: %d futex calls in the "
		      "round, expected at most %d", n, w, fx.total, max_total);
		fxp_progress();
	}
	fxp_pass("a broadcast to 8 and to 64 waiters is one FUTEX_CMP_REQUEUE "
		 "(W woken, the rest moved onto the mutex; one FUTEX_WAKE "
		 "when W >= N); with W = 1 the "
		 "waiters then pass the mutex on with one wake each and no "
		 "collisions");
	return 0;
}
