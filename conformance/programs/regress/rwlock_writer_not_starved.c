/* A writer-preferring rwlock lets a waiting writer in under a continuous
 * stream of readers.  With PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
 * new readers must not enter while a writer waits, so the readers inside
 * drain and the writer gets the lock; glibc's rwlock could let readers
 * keep entering and starve the writer (sourceware bug 25619 and kin).
 *
 * Interleaving, for each of TRIALS write acquisitions:
 *   1. NREADERS reader threads loop rdlock / hold ~50 us / unlock, staggered
 *      so that the lock is practically never free of readers;
 *   2. the writer calls pthread_rwlock_timedwrlock (2 s); the main thread
 *      notes the moment the writer is asleep in the futex system call
 *      (registered as waiting) and the count of reader entries then;
 *   3. from then on, at most the readers that had already passed their
 *      check may still get in: once the writer owns the lock, the number of
 *      entries since step 2 must be at most NREADERS (plus the same again
 *      as slack for a reader between its check and its increment);
 *   4. the writer must get the lock at all: each acquisition within 2 s
 *      (a starved writer times out);
 *   5. no reader is inside while the writer holds the lock.
 * Both ways of asking for the kind are used: pthread_rwlockattr_setkind_np
 * and the static PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP.
 *
 * Run with the argument "prefer-reader" to see the check fire on the
 * default kind, where the writer is starved by design.
 */
#include "regress.h"

#define NREADERS 4
#define TRIALS 20
#define WRITER_WAIT_MS 2000

static pthread_rwlock_t attr_lock;
static pthread_rwlock_t static_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static pthread_rwlock_t *rw;
static long entries; /* reader entries, atomic */
static int stop, writer_in;
static pid_t writer_tid;

static void spin_us(int us)
{
	int64_t end = now_ns() + (int64_t)us * 1000;
	while (now_ns() < end) {
	}
}

static void *reader(void *arg)
{
	spin_us(12 * (int)(intptr_t)arg); /* stagger */
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		pthread_rwlock_rdlock(rw);
		__atomic_add_fetch(&entries, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&writer_in, __ATOMIC_SEQ_CST))
			die("a reader got in while the writer holds the lock");
		spin_us(50);
		pthread_rwlock_unlock(rw);
	}
	return 0;
}

struct trial {
	long before;	/* entries when the writer called wrlock */
	long at_acquire; /* entries when it owned the lock */
	int got;
};

static struct trial cur;
static int trial_done;

static void *writer(void *arg)
{
	(void)arg;
	__atomic_store_n(&writer_tid, gettid_(), __ATOMIC_SEQ_CST);
	struct timespec dl = deadline_ms(CLOCK_REALTIME, WRITER_WAIT_MS);
	cur.before = __atomic_load_n(&entries, __ATOMIC_SEQ_CST);
	int r = pthread_rwlock_timedwrlock(rw, &dl); /* 2. */
	cur.at_acquire = __atomic_load_n(&entries, __ATOMIC_SEQ_CST);
	cur.got = r == 0;
	if (r == 0) {
		__atomic_store_n(&writer_in, 1, __ATOMIC_SEQ_CST);
		spin_us(200);
		__atomic_store_n(&writer_in, 0, __ATOMIC_SEQ_CST);
		pthread_rwlock_unlock(rw);
	}
	__atomic_store_n(&trial_done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* One write acquisition under the reader stream. */
static int trial(int i, int *seen_asleep)
{
	pthread_t w;
	memset(&cur, 0, sizeof cur);
	trial_done = 0;
	writer_tid = 0;
	pthread_create(&w, 0, writer, 0);
	long at_sleep = -1;
	while (!__atomic_load_n(&trial_done, __ATOMIC_SEQ_CST)) {
		pid_t t = __atomic_load_n(&writer_tid, __ATOMIC_SEQ_CST);
		if (at_sleep < 0 && t &&
		    blocked_in_futex(getpid(), t, rw, sizeof *rw))
			at_sleep = __atomic_load_n(&entries, __ATOMIC_SEQ_CST);
	}
	pthread_join(w, 0);
	if (!cur.got) { /* 4. */
		printf("trial %d: the writer waited %d ms in vain while readers"
		       " entered %ld times\n", i, WRITER_WAIT_MS,
		       cur.at_acquire - cur.before);
		return 0;
	}
	if (at_sleep >= 0) { /* 3. */
		++*seen_asleep;
		long since = cur.at_acquire - at_sleep;
		if (since > 2 * NREADERS) {
			printf("trial %d: %ld readers entered after the writer"
			       " was asleep waiting (at most %d may)\n", i,
			       since, 2 * NREADERS);
			return 0;
		}
	}
	return 1;
}

static int run(const char *how)
{
	pthread_t r[NREADERS];
	stop = 0;
	for (int i = 0; i < NREADERS; i++)
		pthread_create(&r[i], 0, reader, (void *)(intptr_t)i);
	sleep_ms(20);
	int ok = 1, seen_asleep = 0;
	for (int i = 0; i < TRIALS && ok; i++) {
		ok = trial(i, &seen_asleep);
		sleep_ms(2);
	}
	if (getenv("REGRESS_VERBOSE"))
		printf("%s: writer seen asleep in %d trials\n", how, seen_asleep);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < NREADERS; i++)
		pthread_join(r[i], 0);
	check(ok, "%s: a writer gets in under a stream of %d readers"
		  " (%d acquisitions, each within %d ms)", how, NREADERS,
	      TRIALS, WRITER_WAIT_MS);
	return ok;
}

int main(int argc, char **argv)
{
	regress_start(60);
	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	int prefer_reader = argc > 1 && !strcmp(argv[1], "prefer-reader");
	pthread_rwlockattr_setkind_np(&a, prefer_reader
						  ? PTHREAD_RWLOCK_PREFER_READER_NP
						  : PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&attr_lock, &a);
	rw = &attr_lock;
	run("pthread_rwlockattr_setkind_np");
	if (!prefer_reader) {
		rw = &static_lock;
		run("PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP");
	}
	return regress_finish();
}
