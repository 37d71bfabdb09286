/* A process-shared spinlock in MAP_SHARED anonymous memory excludes
 * processes from each other.
 *
 * NPROCS processes x ITERS increments (alternating pthread_spin_lock and
 * a pthread_spin_trylock loop): exact total.  While one process holds the
 * lock, another's trylock returns EBUSY; after the unlock it succeeds.
 */
#include "process_check.h"

#define NPROCS 3
#define ITERS 50000

struct shared {
	pthread_spinlock_t s;
	long counter;
	volatile int go; /* start line: everyone runs at once */
};

static struct shared *sh;

static int spinner(void)
{
	fxp_start_line(&sh->go, NPROCS);
	for (int i = 0; i < ITERS; i++) {
		int r;
		if (i & 1) {
			r = pthread_spin_lock(&sh->s);
		} else {
			while ((r = pthread_spin_trylock(&sh->s)) == EBUSY)
				sched_yield();
		}
		if (r)
			return 1;
		long v = sh->counter;
		sh->counter = v + 1;
		if (pthread_spin_unlock(&sh->s))
			return 2;
	}
	return 0;
}

static int busy_elsewhere(void)
{
	return pthread_spin_trylock(&sh->s) == EBUSY ? 0 : 1;
}

static int free_elsewhere(void)
{
	if (pthread_spin_trylock(&sh->s))
		return 1;
	return pthread_spin_unlock(&sh->s) ? 2 : 0;
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
	fxp_begin("pshared_spinlock_across_fork", 45);
	sh = fxp_shared_alloc(sizeof *sh);

	fxp_step("totals across processes");
	CHECK_OK(pthread_spin_init(&sh->s, PTHREAD_PROCESS_SHARED));
	pid_t p[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(spinner());
	}
	for (int i = 0; i < NPROCS; i++)
		fxp_reap_ok(p[i], "spinner");
	CHECK(sh->counter == (long)NPROCS * ITERS, "counter %ld, expected "
	      "%ld", sh->counter, (long)NPROCS * ITERS);

	fxp_step("held here, busy in another process");
	CHECK_OK(pthread_spin_lock(&sh->s));
	in_other(busy_elsewhere, "trylock while held");
	CHECK_OK(pthread_spin_unlock(&sh->s));
	in_other(free_elsewhere, "trylock after unlock");
	CHECK_OK(pthread_spin_destroy(&sh->s));

	fxp_pass("process-shared spinlock: %d processes x %d increments "
		 "exact, EBUSY across processes while held", NPROCS, ITERS);
	return 0;
}
