/* A thread waiting for a mutex gets it while other threads re-lock it
 * at once after every unlock.  With parking (docs/mutex.md#parking) the
 * running owner may barge past the parked threads, which is what makes a
 * contended mutex fast; what bounds it is the woken parker's look (the
 * word is free while the releasing thread makes its wake) and the
 * hand-off to a parker that has waited longer than FXPTHREAD_HANDOFF_US.
 *
 * HAMMERS threads lock M, stay in it for HOLD_US (busy, not asleep),
 * unlock and lock again at once, for the whole test.  Main locks and
 * unlocks M ROUNDS times, so every one of its locks parks behind a
 * hammer.  Every lock must return (the hang detector turns a lost wakeup
 * or starvation into a failure) and the counts must be exact.  It runs
 * with the default hand-off time and, re-executing itself, with
 * FXPTHREAD_HANDOFF_US=0, where every release that finds a parked thread
 * hands M over.  (Without any hand-off main still gets M here, through
 * its looks, only slower: that the hand-off happens is shown by the
 * model, check park-handoff-reached, not by this test.)
 */
#include "process_check.h"

#define HAMMERS 2
#define ROUNDS 100
#define HOLD_US 200

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long shared_count;
static volatile int stop;
static long hammered[HAMMERS];

static void *hammer(void *p)
{
	int i = (int)(intptr_t)p;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		CHECK_OK(pthread_mutex_lock(&m));
		shared_count++;
		hammered[i]++;
		struct timespec t0 = fxp_now(CLOCK_MONOTONIC), t;
		do
			t = fxp_now(CLOCK_MONOTONIC);
		while ((t.tv_sec - t0.tv_sec) * 1000000L +
			       (t.tv_nsec - t0.tv_nsec) / 1000 <
		       HOLD_US);
		CHECK_OK(pthread_mutex_unlock(&m));
	}
	return 0;
}

static void run(const char *setting)
{
	pthread_t t[HAMMERS];
	fxp_step("start the hammers");
	for (int i = 0; i < HAMMERS; i++)
		CHECK_OK(pthread_create(&t[i], 0, hammer, (void *)(intptr_t)i));
	fxp_sleep_us(2000);
	long mine = 0;
	fxp_step("main locks while the hammers re-lock without pause");
	for (int r = 0; r < ROUNDS; r++) {
		fxp_progress();
		CHECK_OK(pthread_mutex_lock(&m));
		shared_count++;
		mine++;
		CHECK_OK(pthread_mutex_unlock(&m));
		fxp_sleep_us(100 + 50 * (r % 7));
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	long total = mine;
	for (int i = 0; i < HAMMERS; i++) {
		CHECK_OK(pthread_join(t[i], 0));
		total += hammered[i];
	}
	CHECK(shared_count == total, "%s: count %ld, expected %ld", setting,
	      shared_count, total);
	CHECK_OK(pthread_mutex_destroy(&m));
	fxp_pass("%s: main took the mutex %ld times past %d hammering "
		 "threads (%ld of their pairs)", setting, mine, HAMMERS,
		 total - mine);
}

int main(int argc, char **argv)
{
	fxp_begin("mutex_parked_waiter_not_starved", 30);
	if (argc > 1) {
		run(argv[1]);
		return 0;
	}
	run("default hand-off");
	fxp_step("again with FXPTHREAD_HANDOFF_US=0");
	pid_t p = fxp_fork();
	if (p == 0) {
		setenv("FXPTHREAD_HANDOFF_US", "0", 1);
		execl("/proc/self/exe", argv[0], "FXPTHREAD_HANDOFF_US=0",
		      (char *)0);
		_exit(98);
	}
	fxp_reap_ok(p, "FXPTHREAD_HANDOFF_US=0");
	return 0;
}
