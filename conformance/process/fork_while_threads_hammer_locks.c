/* fork() while other threads hammer locks.  The child has one thread,
 * and the objects the other threads were using are in whatever state the
 * fork caught them: POSIX lets the child initialize them anew and use
 * them.  A lock the forking thread held stays held in the child.
 *
 * The parent runs HAMMERS threads over mutexes of every type (normal,
 * errorcheck, recursive, adaptive, robust, PI), an rwlock, a condvar and
 * a spinlock.  Main holds its own normal, errorcheck, recursive (twice)
 * and robust mutexes, a write lock and a spinlock, and forks ROUNDS
 * times.  In each child:
 *   1. what main held is still held: trylock EBUSY on each mutex,
 *      tryrdlock EBUSY on the rwlock, spin_trylock EBUSY.
 *   2. the forking thread unlocks the normal mutex and the spinlock (no
 *      owner recorded): 0, and they lock again.  The owner-checking types
 *      were locked by a thread whose TID the child's thread no longer
 *      has; unlock returns EPERM there (glibc answers the same), or 0, and
 *      either way the object must be usable after init.
 *   3. every hammered object, and the held ones, are initialized anew,
 *      and two child threads use them: exact totals for each mutex type
 *      (plus PRIO_PROTECT), rwlock and spinlock, and a condvar ping-pong.
 */
#include "process_check.h"

#define HAMMERS 3
#define ROUNDS 20
#define CHILD_ITERS 3000

enum { K_NORMAL, K_ERRORCHECK, K_RECURSIVE, K_ADAPTIVE, K_ROBUST, K_PI,
       K_PP, NKINDS };

static const struct fxp_mutex_kind kinds[NKINDS] = {
	{ "normal", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
	  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
	{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
	  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
	{ "recursive", PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED,
	  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
	{ "adaptive", PTHREAD_MUTEX_ADAPTIVE_NP, PTHREAD_MUTEX_STALLED,
	  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
	{ "robust", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST,
	  PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE },
	{ "PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
	  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
	{ "PRIO_PROTECT", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
	  PTHREAD_PRIO_PROTECT, PTHREAD_PROCESS_PRIVATE },
};

/* hammered by the parent's threads (all but PP: a ceiling would make
 * the hammers real-time spinners on a shared machine) */
static pthread_mutex_t hm[NKINDS];
static pthread_rwlock_t hrw;
static pthread_cond_t hcv;
static pthread_spinlock_t hspin;
static long hcount[NKINDS];
static volatile int stop;

/* held by main across fork */
static pthread_mutex_t held[4]; /* normal, errorcheck, recursive, robust */
static pthread_rwlock_t held_rw;
static pthread_spinlock_t held_spin;

static void *hammer(void *arg)
{
	unsigned long i = 0;
	while (!stop) {
		for (int k = 0; k < NKINDS; k++) {
			if (k == K_PP)
				continue;
			CHECK_OK(pthread_mutex_lock(&hm[k]));
			hcount[k]++;
			if (k == K_ERRORCHECK && (i & 7) == 0)
				CHECK_OK(pthread_cond_signal(&hcv));
			if (k == K_ERRORCHECK && (i & 7) == 1) {
				struct timespec ts =
					fxp_after_ms(CLOCK_REALTIME, 1);
				int r = pthread_cond_timedwait(&hcv, &hm[k],
							       &ts);
				CHECK(r == 0 || r == ETIMEDOUT, "wait %d", r);
			}
			CHECK_OK(pthread_mutex_unlock(&hm[k]));
		}
		if (i & 1) {
			CHECK_OK(pthread_rwlock_rdlock(&hrw));
		} else {
			CHECK_OK(pthread_rwlock_wrlock(&hrw));
		}
		CHECK_OK(pthread_rwlock_unlock(&hrw));
		CHECK_OK(pthread_spin_lock(&hspin));
		CHECK_OK(pthread_spin_unlock(&hspin));
		i++;
	}
	return 0;
}

/* --------------------------------------------------------------- child */

struct child_work {
	long count[NKINDS];
	long rw_a, rw_b, spin_count;
	int turn;
	long moves;
};

static struct child_work cw;

static void *child_worker(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int i = 0; i < CHILD_ITERS; i++) {
		for (int k = 0; k < NKINDS; k++) {
			CHECK_OK(pthread_mutex_lock(&hm[k]));
			cw.count[k]++;
			CHECK_OK(pthread_mutex_unlock(&hm[k]));
		}
		CHECK_OK(pthread_rwlock_wrlock(&hrw));
		cw.rw_a++;
		cw.rw_b++;
		CHECK_OK(pthread_rwlock_unlock(&hrw));
		CHECK_OK(pthread_rwlock_rdlock(&hrw));
		CHECK(cw.rw_a == cw.rw_b, "rwlock let a writer in");
		CHECK_OK(pthread_rwlock_unlock(&hrw));
		CHECK_OK(pthread_spin_lock(&hspin));
		cw.spin_count++;
		CHECK_OK(pthread_spin_unlock(&hspin));
		/* condvar ping-pong on the errorcheck mutex */
		CHECK_OK(pthread_mutex_lock(&hm[K_ERRORCHECK]));
		while (cw.turn != me)
			CHECK_OK(pthread_cond_wait(&hcv, &hm[K_ERRORCHECK]));
		cw.turn = !me;
		cw.moves++;
		CHECK_OK(pthread_cond_signal(&hcv));
		CHECK_OK(pthread_mutex_unlock(&hm[K_ERRORCHECK]));
	}
	return 0;
}

static const char *held_name[4] = { "normal", "errorcheck", "recursive",
				    "robust" };

static void child(int round)
{
	fxp_step("child 1: what main held is still held");
	for (int i = 0; i < 4; i++) {
		int r = pthread_mutex_trylock(&held[i]);
		CHECK(r == EBUSY, "round %d: held %s mutex: trylock in the "
		      "child returned %d, expected EBUSY", round, held_name[i],
		      r);
	}
	CHECK_RC(pthread_rwlock_tryrdlock(&held_rw), EBUSY);
	CHECK_RC(pthread_rwlock_trywrlock(&held_rw), EBUSY);
	CHECK_RC(pthread_spin_trylock(&held_spin), EBUSY);

	fxp_step("child 2: the forking thread releases what it held");
	CHECK_OK(pthread_mutex_unlock(&held[0]));
	CHECK_OK(pthread_mutex_lock(&held[0]));
	CHECK_OK(pthread_mutex_unlock(&held[0]));
	CHECK_OK(pthread_spin_unlock(&held_spin));
	CHECK_OK(pthread_spin_trylock(&held_spin));
	CHECK_OK(pthread_spin_unlock(&held_spin));
	for (int i = 1; i < 4; i++) {
		int r = pthread_mutex_unlock(&held[i]);
		CHECK(r == EPERM || r == 0, "round %d: unlock of the held %s "
		      "mutex in the child: %d", round, held_name[i], r);
		if (round == 0)
			fxp_note("child: unlock of the %s mutex held by the "
				 "forking thread answers %d", held_name[i], r);
	}

	fxp_step("child 3: init everything anew and use it");
	for (int k = 0; k < NKINDS; k++)
		fxp_mutex_init(&hm[k], &kinds[k]);
	for (int i = 0; i < 4; i++) {
		static const int map[4] = { K_NORMAL, K_ERRORCHECK,
					    K_RECURSIVE, K_ROBUST };
		fxp_mutex_init(&held[i], &kinds[map[i]]);
		CHECK_OK(pthread_mutex_lock(&held[i]));
		CHECK_OK(pthread_mutex_unlock(&held[i]));
	}
	CHECK_OK(pthread_rwlock_init(&hrw, 0));
	CHECK_OK(pthread_rwlock_init(&held_rw, 0));
	CHECK_OK(pthread_cond_init(&hcv, 0));
	CHECK_OK(pthread_spin_init(&hspin, PTHREAD_PROCESS_PRIVATE));
	memset(&cw, 0, sizeof cw);
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		CHECK_OK(pthread_create(&t[i], 0, child_worker,
					(void *)(intptr_t)i));
	for (int i = 0; i < 2; i++)
		CHECK_OK(pthread_join(t[i], 0));
	for (int k = 0; k < NKINDS; k++)
		CHECK(cw.count[k] == 2L * CHILD_ITERS, "round %d: %s count "
		      "%ld, expected %ld", round, kinds[k].name, cw.count[k],
		      2L * CHILD_ITERS);
	CHECK(cw.rw_a == 2L * CHILD_ITERS && cw.spin_count == 2L * CHILD_ITERS
	      && cw.moves == 2L * CHILD_ITERS, "round %d: rw %ld spin %ld "
	      "moves %ld", round, cw.rw_a, cw.spin_count, cw.moves);
	_exit(0);
}

int main(void)
{
	fxp_begin("fork_while_threads_hammer_locks", 45);
	for (int k = 0; k < NKINDS; k++)
		fxp_mutex_init(&hm[k], &kinds[k]);
	CHECK_OK(pthread_rwlock_init(&hrw, 0));
	CHECK_OK(pthread_cond_init(&hcv, 0));
	CHECK_OK(pthread_spin_init(&hspin, PTHREAD_PROCESS_PRIVATE));

	fxp_mutex_init(&held[0], &kinds[K_NORMAL]);
	fxp_mutex_init(&held[1], &kinds[K_ERRORCHECK]);
	fxp_mutex_init(&held[2], &kinds[K_RECURSIVE]);
	fxp_mutex_init(&held[3], &kinds[K_ROBUST]);
	CHECK_OK(pthread_rwlock_init(&held_rw, 0));
	CHECK_OK(pthread_spin_init(&held_spin, PTHREAD_PROCESS_PRIVATE));

	pthread_t h[HAMMERS];
	for (int i = 0; i < HAMMERS; i++)
		CHECK_OK(pthread_create(&h[i], 0, hammer, 0));

	for (int round = 0; round < ROUNDS; round++) {
		fxp_progress();
		fxp_step("parent: take the locks main holds across fork");
		for (int i = 0; i < 4; i++)
			CHECK_OK(pthread_mutex_lock(&held[i]));
		CHECK_OK(pthread_mutex_lock(&held[2])); /* recursive: twice */
		CHECK_OK(pthread_rwlock_wrlock(&held_rw));
		CHECK_OK(pthread_spin_lock(&held_spin));
		/* let the hammers be in the middle of things */
		fxp_sleep_us(200 + 100 * (round % 5));

		fxp_step("parent: fork");
		pid_t p = fxp_fork();
		if (p == 0)
			child(round);

		CHECK_OK(pthread_spin_unlock(&held_spin));
		CHECK_OK(pthread_rwlock_unlock(&held_rw));
		CHECK_OK(pthread_mutex_unlock(&held[2]));
		for (int i = 3; i >= 0; i--)
			CHECK_OK(pthread_mutex_unlock(&held[i]));
		fxp_reap_ok(p, "child");
	}
	stop = 1;
	for (int i = 0; i < HAMMERS; i++)
		CHECK_OK(pthread_join(h[i], 0));
	fxp_pass("%d forks amid %d hammering threads: held locks stay held "
		 "in the child, every object re-initialized and used with "
		 "exact totals", ROUNDS, HAMMERS);
	return 0;
}
