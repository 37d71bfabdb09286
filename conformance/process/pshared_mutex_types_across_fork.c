/* Process-shared mutexes of every type work between processes that share
 * MAP_SHARED anonymous memory across fork(): counters incremented under
 * the mutex by several processes come out exact, and the ownership rules
 * of each type hold across processes.
 *
 *   totals      for normal, default, adaptive, errorcheck and recursive
 *               (taken twice), NPROCS processes x ITERS increments
 *   errorcheck  the owner process relocks: EDEADLK; another process:
 *               trylock EBUSY, unlock EPERM
 *   recursive   the owner locks 3 times; another process: trylock EBUSY,
 *               unlock EPERM; after 3 unlocks the other process locks
 *   normal      another process's trylock on a held mutex: EBUSY
 */
#include "process_check.h"

#define NPROCS 3
#define ITERS 20000

struct shared {
	pthread_mutex_t m;
	long counter;
	int type;
	volatile int go; /* start line: everyone runs at once */
};

static struct shared *sh;

static void init_type(int type)
{
	struct fxp_mutex_kind k = { "pshared", type, PTHREAD_MUTEX_STALLED,
				    PTHREAD_PRIO_NONE,
				    PTHREAD_PROCESS_SHARED };
	fxp_mutex_init(&sh->m, &k);
	sh->counter = 0;
	sh->type = type;
}

static int increments(void)
{
	fxp_start_line(&sh->go, NPROCS);
	for (int i = 0; i < ITERS; i++) {
		if (pthread_mutex_lock(&sh->m))
			return 1;
		if (sh->type == PTHREAD_MUTEX_RECURSIVE &&
		    pthread_mutex_lock(&sh->m))
			return 2;
		long v = sh->counter;
		if ((i & 255) == 0)
			sched_yield();
		sh->counter = v + 1;
		if (sh->type == PTHREAD_MUTEX_RECURSIVE &&
		    pthread_mutex_unlock(&sh->m))
			return 3;
		if (pthread_mutex_unlock(&sh->m))
			return 4;
	}
	return 0;
}

static void totals(int type, const char *name)
{
	fxp_step(name);
	init_type(type);
	sh->go = 0;
	pid_t p[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(increments());
	}
	for (int i = 0; i < NPROCS; i++)
		fxp_reap_ok(p[i], name);
	CHECK(sh->counter == (long)NPROCS * ITERS, "%s: counter %ld, "
	      "expected %ld", name, sh->counter, (long)NPROCS * ITERS);
	CHECK_OK(pthread_mutex_destroy(&sh->m));
	fxp_note("%s: %d processes x %d = %ld", name, NPROCS, ITERS,
		 sh->counter);
}

/* Run `fn` in another process while this one holds the mutex. */
static void in_other_process(int (*fn)(void), const char *what)
{
	pid_t p = fxp_fork();
	if (p == 0)
		_exit(fn());
	fxp_reap_ok(p, what);
}

static int other_sees_busy_and_not_owner(void)
{
	if (pthread_mutex_trylock(&sh->m) != EBUSY)
		return 1;
	if (sh->type != PTHREAD_MUTEX_NORMAL &&
	    pthread_mutex_unlock(&sh->m) != EPERM)
		return 2;
	return 0;
}

static int other_locks_and_unlocks(void)
{
	if (pthread_mutex_lock(&sh->m))
		return 1;
	return pthread_mutex_unlock(&sh->m) ? 2 : 0;
}

int main(void)
{
	fxp_begin("pshared_mutex_types_across_fork", 45);
	sh = fxp_shared_alloc(sizeof *sh);

	totals(PTHREAD_MUTEX_NORMAL, "normal");
	totals(PTHREAD_MUTEX_DEFAULT, "default");
	totals(PTHREAD_MUTEX_ADAPTIVE_NP, "adaptive");
	totals(PTHREAD_MUTEX_ERRORCHECK, "errorcheck");
	totals(PTHREAD_MUTEX_RECURSIVE, "recursive");

	fxp_step("normal: held in one process, busy in another");
	init_type(PTHREAD_MUTEX_NORMAL);
	CHECK_OK(pthread_mutex_lock(&sh->m));
	in_other_process(other_sees_busy_and_not_owner, "normal busy");
	CHECK_OK(pthread_mutex_unlock(&sh->m));
	in_other_process(other_locks_and_unlocks, "normal free");

	fxp_step("errorcheck ownership across processes");
	init_type(PTHREAD_MUTEX_ERRORCHECK);
	CHECK_OK(pthread_mutex_lock(&sh->m));
	CHECK_RC(pthread_mutex_lock(&sh->m), EDEADLK);
	CHECK_RC(pthread_mutex_trylock(&sh->m), EBUSY);
	in_other_process(other_sees_busy_and_not_owner, "errorcheck busy");
	CHECK_OK(pthread_mutex_unlock(&sh->m));
	CHECK_RC(pthread_mutex_unlock(&sh->m), EPERM);
	in_other_process(other_locks_and_unlocks, "errorcheck free");

	fxp_step("recursive ownership across processes");
	init_type(PTHREAD_MUTEX_RECURSIVE);
	for (int i = 0; i < 3; i++)
		CHECK_OK(pthread_mutex_lock(&sh->m));
	CHECK_OK(pthread_mutex_trylock(&sh->m));
	CHECK_OK(pthread_mutex_unlock(&sh->m));
	in_other_process(other_sees_busy_and_not_owner, "recursive busy");
	for (int i = 0; i < 2; i++) {
		CHECK_OK(pthread_mutex_unlock(&sh->m));
		in_other_process(other_sees_busy_and_not_owner,
				 "recursive still held");
	}
	CHECK_OK(pthread_mutex_unlock(&sh->m));
	CHECK_RC(pthread_mutex_unlock(&sh->m), EPERM);
	in_other_process(other_locks_and_unlocks, "recursive free");

	fxp_pass("exact totals for 5 mutex types across %d processes; "
		 "errorcheck and recursive ownership rules across processes",
		 NPROCS);
	return 0;
}
