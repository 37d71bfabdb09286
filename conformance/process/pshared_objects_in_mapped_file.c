/* Process-shared robust mutex, rwlock, barrier and spinlock in a regular
 * file mapped MAP_SHARED by unrelated processes, each at a different
 * address.  The futexes are keyed by the file's page, so the objects work
 * whatever the address; a robust owner killed with SIGKILL is found
 * through its own robust list, which holds its own addresses.
 *
 *   1. The parent creates a file in $TMPDIR (or /tmp), maps it and
 *      initializes the objects.
 *   2. NPROCS children are exec'd; each maps the file after reserving
 *      some address space, so the mapping lands elsewhere.
 *   3. All meet at the barrier, then each does ITERS iterations of:
 *      write lock (a++, b++), read lock (check a == b), spinlock
 *      (s++), robust mutex (r++); and meets the others at the barrier
 *      again.
 *   4. Child 0 then locks the robust mutex and says so; the parent
 *      SIGKILLs it.  The parent's lock returns EOWNERDEAD.
 *   5. Totals exact: a == b == s == r == NPROCS x ITERS.
 */
#include "process_check.h"

#define NPROCS 3
#define ITERS 20000

struct shared {
	pthread_mutex_t rm;
	pthread_rwlock_t rw;
	pthread_barrier_t b;
	pthread_spinlock_t sl;
	long a, bb, s, r;
	volatile int holding;
	volatile int bad;
	uintptr_t addr[NPROCS];
};

static struct shared *map_file(const char *path, size_t skew)
{
	int fd = open(path, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	if (skew)
		CHECK(mmap(0, skew * 4096, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED,
		      "mmap skew");
	void *p = mmap(0, sizeof(struct shared), PROT_READ | PROT_WRITE,
		       MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap %s: %s", path, strerror(errno));
	close(fd);
	return p;
}

static int child(const char *path, int me)
{
	fxp_require_fxpthread();
	struct shared *sh = map_file(path, 32 + 5 * (size_t)me);
	sh->addr[me] = (uintptr_t)sh;
	int rc = pthread_barrier_wait(&sh->b);
	CHECK(rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD, "barrier %d",
	      rc);
	for (int i = 0; i < ITERS; i++) {
		CHECK_OK(pthread_rwlock_wrlock(&sh->rw));
		sh->a++;
		if ((i & 255) == 0)
			sched_yield();
		sh->bb++;
		CHECK_OK(pthread_rwlock_unlock(&sh->rw));

		CHECK_OK(pthread_rwlock_rdlock(&sh->rw));
		if (sh->a != sh->bb)
			sh->bad = 1;
		CHECK_OK(pthread_rwlock_unlock(&sh->rw));

		CHECK_OK(pthread_spin_lock(&sh->sl));
		sh->s++;
		CHECK_OK(pthread_spin_unlock(&sh->sl));

		int lr = pthread_mutex_lock(&sh->rm);
		CHECK(lr == 0, "robust lock: %d", lr);
		sh->r++;
		CHECK_OK(pthread_mutex_unlock(&sh->rm));
	}
	rc = pthread_barrier_wait(&sh->b);
	CHECK(rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD, "barrier %d",
	      rc);
	if (me == 0) {
		CHECK_OK(pthread_mutex_lock(&sh->rm));
		__atomic_store_n(&sh->holding, 1, __ATOMIC_SEQ_CST);
		for (;;)
			pause();
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--child") == 0) {
		fxp_scenario = "pshared_objects_in_mapped_file (child)";
		return child(argv[2], atoi(argv[3]));
	}
	fxp_begin("pshared_objects_in_mapped_file", 45);

	fxp_step("1. create and map the file, init the objects");
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/fxp-process-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp %s: %s", path, strerror(errno));
	CHECK(ftruncate(fd, sizeof(struct shared)) == 0, "ftruncate");
	close(fd);
	struct shared *sh = map_file(path, 0);
	memset(sh, 0, sizeof *sh);
	fxp_robust_init(&sh->rm, PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE);
	pthread_rwlockattr_t ra;
	CHECK_OK(pthread_rwlockattr_init(&ra));
	CHECK_OK(pthread_rwlockattr_setpshared(&ra, PTHREAD_PROCESS_SHARED));
	CHECK_OK(pthread_rwlock_init(&sh->rw, &ra));
	pthread_barrierattr_t ba;
	CHECK_OK(pthread_barrierattr_init(&ba));
	CHECK_OK(pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED));
	CHECK_OK(pthread_barrier_init(&sh->b, &ba, NPROCS));
	CHECK_OK(pthread_spin_init(&sh->sl, PTHREAD_PROCESS_SHARED));

	fxp_step("2-3. exec'd children map the file and work");
	pid_t p[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0) {
			char idx[16];
			snprintf(idx, sizeof idx, "%d", i);
			execl("/proc/self/exe", argv[0], "--child", path, idx,
			      (char *)0);
			_exit(127);
		}
	}
	for (int i = 1; i < NPROCS; i++)
		fxp_reap_ok(p[i], "worker");

	fxp_step("4. child 0 holds the robust mutex; SIGKILL it");
	while (!__atomic_load_n(&sh->holding, __ATOMIC_SEQ_CST))
		fxp_sleep_us(100);
	CHECK(kill(p[0], SIGKILL) == 0, "kill");
	fxp_reap_killed(p[0]);
	unlink(path);
	CHECK(fxp_word(&sh->rm) == FUTEX_OWNER_DIED, "robust word %#x after "
	      "the owner was killed", fxp_word(&sh->rm));
	CHECK_RC(pthread_mutex_lock(&sh->rm), EOWNERDEAD);
	CHECK_OK(pthread_mutex_consistent(&sh->rm));
	CHECK_OK(pthread_mutex_unlock(&sh->rm));

	fxp_step("5. totals");
	long want = (long)NPROCS * ITERS;
	CHECK(!sh->bad, "a reader saw a != b");
	CHECK(sh->a == want && sh->bb == want && sh->s == want &&
	      sh->r == want, "a %ld b %ld s %ld r %ld, expected %ld each",
	      sh->a, sh->bb, sh->s, sh->r, want);
	int distinct = 0;
	for (int i = 0; i < NPROCS; i++) {
		distinct += sh->addr[i] != (uintptr_t)sh;
		fxp_note("child %d mapped the file at %#lx", i,
			 (unsigned long)sh->addr[i]);
	}
	fxp_note("parent mapped it at %p", (void *)sh);
	CHECK(distinct >= 1, "no child mapped the file at another address");
	CHECK_OK(pthread_barrier_destroy(&sh->b));
	CHECK_OK(pthread_rwlock_destroy(&sh->rw));
	CHECK_OK(pthread_spin_destroy(&sh->sl));
	CHECK_OK(pthread_mutex_destroy(&sh->rm));
	fxp_pass("file mapping at different addresses: rwlock, spinlock, "
		 "robust mutex totals %ld each, barrier, EOWNERDEAD after "
		 "SIGKILL", want);
	return 0;
}
