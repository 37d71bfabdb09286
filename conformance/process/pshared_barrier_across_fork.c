/* A process-shared barrier in MAP_SHARED anonymous memory holds processes
 * together round after round.
 *
 * NPROCS processes x ROUNDS rounds.  Per round each process adds 1 to
 * `arrived`, waits, checks arrived == NPROCS x (round + 1), and waits
 * again (so nobody starts the next round before all have checked).
 * Exactly one PTHREAD_BARRIER_SERIAL_THREAD per wait: 2 x ROUNDS in total.
 * Then destroy, and init with a different count: the same memory serves
 * a second barrier of 2 processes.
 */
#include "process_check.h"

#define NPROCS 4
#define ROUNDS 500

struct shared {
	pthread_barrier_t b;
	long arrived;
	long serial;
};

static struct shared *sh;

static int member(int n, int rounds)
{
	for (long r = 0; r < rounds; r++) {
		__atomic_fetch_add(&sh->arrived, 1, __ATOMIC_SEQ_CST);
		int rc = pthread_barrier_wait(&sh->b);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&sh->serial, 1, __ATOMIC_SEQ_CST);
		else if (rc)
			return 1;
		long a = __atomic_load_n(&sh->arrived, __ATOMIC_SEQ_CST);
		if (a != n * (r + 1)) {
			fprintf(stderr, "round %ld: arrived %ld, expected "
				"%ld\n", r, a, n * (r + 1));
			return 2;
		}
		rc = pthread_barrier_wait(&sh->b);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&sh->serial, 1, __ATOMIC_SEQ_CST);
		else if (rc)
			return 3;
	}
	return 0;
}

static void run(int n, int rounds)
{
	pthread_barrierattr_t ba;
	CHECK_OK(pthread_barrierattr_init(&ba));
	CHECK_OK(pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED));
	CHECK_OK(pthread_barrier_init(&sh->b, &ba, (unsigned)n));
	CHECK_OK(pthread_barrierattr_destroy(&ba));
	sh->arrived = sh->serial = 0;
	pid_t p[NPROCS];
	for (int i = 0; i < n; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(member(n, rounds));
	}
	for (int i = 0; i < n; i++)
		fxp_reap_ok(p[i], "barrier member");
	CHECK(sh->arrived == (long)n * rounds, "arrived %ld", sh->arrived);
	CHECK(sh->serial == 2L * rounds, "serial returns %ld, expected %ld",
	      sh->serial, 2L * rounds);
	CHECK_OK(pthread_barrier_destroy(&sh->b));
	fxp_note("%d processes x %d rounds, %ld serial returns", n, rounds,
		 sh->serial);
}

int main(void)
{
	fxp_begin("pshared_barrier_across_fork", 45);
	sh = fxp_shared_alloc(sizeof *sh);
	fxp_step("barrier of 4 processes");
	run(NPROCS, ROUNDS);
	fxp_step("same memory, barrier of 2 processes");
	run(2, ROUNDS);
	fxp_pass("process-shared barrier: every round complete before the "
		 "next, one serial thread per wait");
	return 0;
}
