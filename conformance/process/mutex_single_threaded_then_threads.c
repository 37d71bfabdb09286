/* A private normal mutex in a process that has only ever had one thread
 * is locked and unlocked with plain stores (docs/mutex.md
 * #single-threaded); the atomic protocol must take over, with the word
 * consistent, as soon as a second thread exists.
 *
 *   1. Single-threaded (checked through glibc's __libc_single_threaded):
 *      lock gives word 1, trylock EBUSY, timedlock ETIMEDOUT, unlock word
 *      0; a process-shared mutex in the same process still works; an
 *      errorcheck and a recursive mutex keep their semantics.
 *   2. main locks m while single-threaded, then creates threads: their
 *      trylock is EBUSY, their lock sleeps (word 2), and main's unlock,
 *      now on the atomic path, wakes them.
 *   3. The threads and main then hammer m and a second mutex that was
 *      last unlocked while single-threaded: exact totals.
 * Each case runs in a fresh child process, so each starts single-threaded.
 */
#include "process_check.h"
#include <sys/single_threaded.h>

#define THREADS 4
#define ITERS 200000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static long total, total2;
static int try_rc[THREADS];
static volatile int started;

static void single_threaded_calls(void *arg)
{
	CHECK(__libc_single_threaded, "process not single-threaded at start");
	pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
	for (int i = 0; i < 1000; i++) {
		CHECK_OK(pthread_mutex_lock(&a));
		CHECK(fxp_word(&a) == 1, "word %u after lock", fxp_word(&a));
		CHECK_RC(pthread_mutex_trylock(&a), EBUSY);
		CHECK_OK(pthread_mutex_unlock(&a));
		CHECK(fxp_word(&a) == 0, "word %u after unlock", fxp_word(&a));
		CHECK_OK(pthread_mutex_trylock(&a));
		CHECK(fxp_word(&a) == 1, "word %u after trylock", fxp_word(&a));
		CHECK_OK(pthread_mutex_unlock(&a));
	}
	CHECK_OK(pthread_mutex_lock(&a));
	struct timespec past = fxp_after_ms(CLOCK_REALTIME, 20);
	CHECK_RC(pthread_mutex_timedlock(&a, &past), ETIMEDOUT);
	CHECK_OK(pthread_mutex_unlock(&a));
	CHECK(fxp_word(&a) == 0, "word %u after unlock following a timeout",
	      fxp_word(&a));
	CHECK_OK(pthread_mutex_destroy(&a));

	static const struct fxp_mutex_kind kinds[] = {
		{ "pshared", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_SHARED },
		{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
		{ "recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
	};
	for (size_t k = 0; k < 3; k++) {
		pthread_mutex_t b;
		fxp_mutex_init(&b, &kinds[k]);
		CHECK_OK(pthread_mutex_lock(&b));
		int want = k == 1 ? EDEADLK : k == 2 ? 0 : EBUSY;
		CHECK_RC(k == 1 ? pthread_mutex_lock(&b)
				: pthread_mutex_trylock(&b), want);
		if (k == 2)
			CHECK_OK(pthread_mutex_unlock(&b));
		CHECK_OK(pthread_mutex_unlock(&b));
		CHECK_RC(pthread_mutex_unlock(&b), k == 0 ? 0 : EPERM);
		CHECK_OK(pthread_mutex_destroy(&b));
	}
	CHECK(__libc_single_threaded, "process became multi-threaded");
}

static void *contender(void *arg)
{
	long i = (long)arg;
	try_rc[i] = pthread_mutex_trylock(&m);
	__atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
	CHECK_OK(pthread_mutex_lock(&m));
	total++;
	CHECK_OK(pthread_mutex_unlock(&m));
	for (int k = 0; k < ITERS; k++) {
		CHECK_OK(pthread_mutex_lock(&m));
		total++;
		CHECK_OK(pthread_mutex_unlock(&m));
		CHECK_OK(pthread_mutex_lock(&m2));
		total2++;
		CHECK_OK(pthread_mutex_unlock(&m2));
	}
	return 0;
}

static void handover(void *arg)
{
	CHECK(__libc_single_threaded, "process not single-threaded at start");
	CHECK_OK(pthread_mutex_lock(&m2));	/* plain stores */
	total2 = 1;
	CHECK_OK(pthread_mutex_unlock(&m2));
	CHECK_OK(pthread_mutex_lock(&m));	/* plain store: word 1 */
	CHECK(fxp_word(&m) == 1, "word %u", fxp_word(&m));
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		CHECK_OK(pthread_create(&t[i], 0, contender, (void *)i));
	CHECK(!__libc_single_threaded, "still flagged single-threaded");
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < THREADS)
		fxp_sleep_us(200);
	/* every contender is now in lock(m) or asleep in it */
	while (fxp_word(&m) == 1)
		fxp_sleep_us(200);
	CHECK(fxp_word(&m) >= 2, "word %u with sleepers", fxp_word(&m));
	total = 0;
	CHECK_OK(pthread_mutex_unlock(&m));	/* atomic path: wakes one */
	for (int k = 0; k < ITERS; k++) {
		CHECK_OK(pthread_mutex_lock(&m));
		total++;
		CHECK_OK(pthread_mutex_unlock(&m));
	}
	for (int i = 0; i < THREADS; i++)
		CHECK_OK(pthread_join(t[i], 0));
	for (int i = 0; i < THREADS; i++)
		CHECK(try_rc[i] == EBUSY, "thread %d: trylock of the mutex main "
		      "locked while single-threaded gave %d", i, try_rc[i]);
	CHECK(total == (long)THREADS * (ITERS + 1) + ITERS, "total %ld, "
	      "expected %ld", total, (long)THREADS * (ITERS + 1) + ITERS);
	CHECK(total2 == 1 + (long)THREADS * ITERS, "total2 %ld", total2);
	CHECK(fxp_word(&m) == 0 && fxp_word(&m2) == 0, "words %u %u at the "
	      "end", fxp_word(&m), fxp_word(&m2));
}

int main(void)
{
	fxp_begin("mutex_single_threaded_then_threads", 60);
	for (int round = 0; round < 5; round++) {
		CHECK(fxp_run_case("single-threaded calls",
				   single_threaded_calls, 0, 20) == 0,
		      "case failed");
		CHECK(fxp_run_case("hand-over to threads", handover, 0, 40) == 0,
		      "case failed");
		fxp_progress();
	}
	fxp_pass("plain-store lock/unlock while single-threaded (word 0/1, "
		 "EBUSY, ETIMEDOUT, other kinds unchanged); a mutex held across "
		 "the first pthread_create blocks and wakes the new threads; "
		 "exact totals afterwards; 5 rounds in fresh processes");
	return 0;
}
