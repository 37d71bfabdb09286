/* A process-shared rwlock in MAP_SHARED anonymous memory excludes writers
 * from each other and from readers across processes.
 *
 * Writers keep two counters equal under the write lock (a++, yield, b++);
 * readers check a == b under the read lock.  Totals: a == b == writers x
 * ITERS.  Run for the default kind and for
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP.  Also across processes:
 * a held write lock makes tryrdlock/trywrlock EBUSY elsewhere; held read
 * locks let other readers in and keep writers out.
 */
#include "process_check.h"

#define WRITERS 2
#define READERS 2
#define ITERS 20000

struct shared {
	pthread_rwlock_t rw;
	volatile long a, b;
	volatile long reads;
	volatile int writers_done;
	volatile int go; /* start line: everyone runs at once */
};

static struct shared *sh;

static void init(int kind)
{
	pthread_rwlockattr_t a;
	CHECK_OK(pthread_rwlockattr_init(&a));
	CHECK_OK(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	CHECK_OK(pthread_rwlockattr_setkind_np(&a, kind));
	CHECK_OK(pthread_rwlock_init(&sh->rw, &a));
	CHECK_OK(pthread_rwlockattr_destroy(&a));
	sh->a = sh->b = sh->reads = 0;
	sh->writers_done = 0;
	sh->go = 0;
}

static void gate(void)
{
	fxp_start_line(&sh->go, WRITERS + READERS);
}

static int writer(void)
{
	gate();
	for (int i = 0; i < ITERS; i++) {
		int r = (i & 1) ? pthread_rwlock_wrlock(&sh->rw)
				: pthread_rwlock_trywrlock(&sh->rw);
		if (r == EBUSY) {
			i--;
			sched_yield();
			continue;
		}
		if (r)
			return 1;
		sh->a++;
		if ((i & 63) == 0)
			sched_yield();
		sh->b++;
		if (pthread_rwlock_unlock(&sh->rw))
			return 2;
	}
	__atomic_fetch_add(&sh->writers_done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static int reader(void)
{
	long n = 0;
	gate();
	do {
		int r = (n & 1) ? pthread_rwlock_rdlock(&sh->rw)
				: pthread_rwlock_tryrdlock(&sh->rw);
		if (r == EBUSY) {
			sched_yield();
			continue;
		}
		if (r)
			return 1;
		long a = sh->a, b = sh->b;
		if (pthread_rwlock_unlock(&sh->rw))
			return 2;
		if (a != b)
			return 3; /* a writer was inside with us */
		n++;
	} while (__atomic_load_n(&sh->writers_done, __ATOMIC_SEQ_CST) <
		 WRITERS || n == 0);
	__atomic_fetch_add(&sh->reads, n, __ATOMIC_SEQ_CST);
	return 0;
}

static void run(int kind, const char *name)
{
	fxp_step(name);
	init(kind);
	pid_t p[WRITERS + READERS];
	for (int i = 0; i < WRITERS + READERS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(i < WRITERS ? writer() : reader());
	}
	for (int i = 0; i < WRITERS + READERS; i++)
		fxp_reap_ok(p[i], i < WRITERS ? "writer" : "reader");
	CHECK(sh->a == (long)WRITERS * ITERS && sh->b == sh->a,
	      "%s: a %ld b %ld, expected %ld", name, sh->a, sh->b,
	      (long)WRITERS * ITERS);
	fxp_note("%s: a = b = %ld, %ld consistent reads", name, sh->a,
		 sh->reads);
}

static int expect_busy_both(void)
{
	if (pthread_rwlock_tryrdlock(&sh->rw) != EBUSY)
		return 1;
	if (pthread_rwlock_trywrlock(&sh->rw) != EBUSY)
		return 2;
	struct timespec past = { 1, 0 };
	if (pthread_rwlock_timedrdlock(&sh->rw, &past) != ETIMEDOUT)
		return 3;
	if (pthread_rwlock_timedwrlock(&sh->rw, &past) != ETIMEDOUT)
		return 4;
	return 0;
}

static int expect_readers_only(void)
{
	if (pthread_rwlock_tryrdlock(&sh->rw) != 0)
		return 1;
	if (pthread_rwlock_unlock(&sh->rw) != 0)
		return 2;
	if (pthread_rwlock_trywrlock(&sh->rw) != EBUSY)
		return 3;
	return 0;
}

static void in_other(int (*fn)(void), const char *what)
{
	pid_t p = fxp_fork();
	if (p == 0)
		_exit(fn());
	fxp_reap_ok(p, what);
}

int main(void)
{
	fxp_begin("pshared_rwlock_across_fork", 45);
	sh = fxp_shared_alloc(sizeof *sh);

	run(PTHREAD_RWLOCK_DEFAULT_NP, "default kind");
	run(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
	    "prefer writer nonrecursive");

	fxp_step("write lock held here, busy in another process");
	init(PTHREAD_RWLOCK_DEFAULT_NP);
	CHECK_OK(pthread_rwlock_wrlock(&sh->rw));
	in_other(expect_busy_both, "busy under write lock");
	CHECK_OK(pthread_rwlock_unlock(&sh->rw));

	fxp_step("read lock held here, readers only in another process");
	CHECK_OK(pthread_rwlock_rdlock(&sh->rw));
	in_other(expect_readers_only, "readers only under read lock");
	CHECK_OK(pthread_rwlock_unlock(&sh->rw));
	CHECK_OK(pthread_rwlock_destroy(&sh->rw));

	fxp_pass("process-shared rwlock: writers exclusive, readers see "
		 "consistent state, %d writers x %d exact, both kinds",
		 WRITERS, ITERS);
	return 0;
}
