/* Process-shared mutex and condvar in a POSIX shared memory object
 * (shm_open), used by unrelated processes that each map it themselves,
 * at different addresses.  Nothing in a process-shared object may depend
 * on the address it is mapped at: the futex is keyed by the object's page,
 * not by a pointer.
 *
 *   1. The parent creates /fxp-<pid>, maps it, initializes a
 *      process-shared mutex and condvar and a counter.
 *   2. It starts NPROCS children with exec (fresh address spaces; the
 *      preload carries over), each of which shm_opens and maps the object
 *      after reserving some address space first, so its mapping lands
 *      elsewhere; each reports its mapping address.
 *   3. Children take turns through the condvar (turn == my index), each
 *      ROUNDS times, and increment the counter under the mutex ITERS
 *      times.
 *   4. Exact totals; at least two different mapping addresses were used.
 */
#include "process_check.h"

#define NPROCS 3
#define ROUNDS 2000
#define ITERS 20000

struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	int turn;
	long moves;
	long counter;
	volatile int ready;
	uintptr_t addr[NPROCS];
};

static struct shared *map_object(const char *name, int create, size_t skew)
{
	int fd = shm_open(name, create ? O_RDWR | O_CREAT | O_EXCL : O_RDWR,
			  0600);
	CHECK(fd >= 0, "shm_open %s: %s", name, strerror(errno));
	if (create)
		CHECK(ftruncate(fd, sizeof(struct shared)) == 0, "ftruncate");
	/* Reserve some pages first so this mapping lands elsewhere. */
	if (skew)
		CHECK(mmap(0, skew * 4096, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED,
		      "mmap skew");
	void *p = mmap(0, sizeof(struct shared), PROT_READ | PROT_WRITE,
		       MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap %s: %s", name, strerror(errno));
	close(fd);
	return p;
}

static int child(const char *name, int me)
{
	fxp_require_fxpthread();
	struct shared *sh = map_object(name, 0, 16 + 7 * (size_t)me);
	sh->addr[me] = (uintptr_t)sh;
	fxp_start_line(&sh->ready, NPROCS);
	for (int r = 0; r < ROUNDS; r++) {
		CHECK_OK(pthread_mutex_lock(&sh->m));
		while (sh->turn != me)
			CHECK_OK(pthread_cond_wait(&sh->c, &sh->m));
		sh->moves++;
		sh->turn = (me + 1) % NPROCS;
		CHECK_OK(pthread_cond_broadcast(&sh->c));
		CHECK_OK(pthread_mutex_unlock(&sh->m));
	}
	for (int i = 0; i < ITERS; i++) {
		CHECK_OK(pthread_mutex_lock(&sh->m));
		long v = sh->counter;
		if ((i & 255) == 0)
			sched_yield();
		sh->counter = v + 1;
		CHECK_OK(pthread_mutex_unlock(&sh->m));
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--child") == 0) {
		fxp_scenario = "pshared_objects_in_shm_open (child)";
		return child(argv[2], atoi(argv[3]));
	}
	fxp_begin("pshared_objects_in_shm_open", 45);
	char name[64];
	snprintf(name, sizeof name, "/fxp-process-%d", (int)getpid());
	shm_unlink(name);
	struct shared *sh = map_object(name, 1, 0);
	memset(sh, 0, sizeof *sh);

	fxp_step("1. init process-shared objects in the shm object");
	struct fxp_mutex_kind k = { "pshared", PTHREAD_MUTEX_ERRORCHECK,
				    PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
				    PTHREAD_PROCESS_SHARED };
	fxp_mutex_init(&sh->m, &k);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	CHECK_OK(pthread_cond_init(&sh->c, &ca));

	fxp_step("2-3. exec'd children map it and work");
	pid_t p[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0) {
			char idx[16];
			snprintf(idx, sizeof idx, "%d", i);
			execl("/proc/self/exe", argv[0], "--child", name, idx,
			      (char *)0);
			_exit(127);
		}
	}
	int failed = 0;
	for (int i = 0; i < NPROCS; i++) {
		int st;
		CHECK(waitpid(p[i], &st, 0) == p[i], "waitpid");
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	shm_unlink(name);
	CHECK(!failed, "%d child(ren) failed", failed);

	fxp_step("4. totals and addresses");
	CHECK(sh->moves == (long)NPROCS * ROUNDS, "moves %ld, expected %ld",
	      sh->moves, (long)NPROCS * ROUNDS);
	CHECK(sh->counter == (long)NPROCS * ITERS, "counter %ld, expected "
	      "%ld", sh->counter, (long)NPROCS * ITERS);
	int distinct = 0;
	for (int i = 0; i < NPROCS; i++) {
		int seen = (uintptr_t)sh == sh->addr[i];
		for (int j = 0; j < i; j++)
			seen |= sh->addr[j] == sh->addr[i];
		distinct += !seen;
		fxp_note("child %d mapped the object at %#lx", i,
			 (unsigned long)sh->addr[i]);
	}
	fxp_note("parent mapped it at %p", (void *)sh);
	CHECK(distinct >= 1, "every process mapped the object at the same "
	      "address; the test proves nothing about address independence");
	fxp_pass("shm_open object, %d exec'd processes at different "
		 "addresses: condvar ring %ld moves, counter %ld, exact",
		 NPROCS, sh->moves, sh->counter);
	return 0;
}
