/* Robust mutexes in threads, private and process-shared.
 *
 * 1. Contention: NTHREADS threads lock and unlock a robust mutex ITERS
 *    times each around plain counters; the totals must be exact (the
 *    TID-owned word, FUTEX_WAITERS, robust list link/unlink and
 *    list_op_pending on every operation).
 * 2. Owner death with sleepers: the owner thread takes the mutex and
 *    returns without unlocking while two threads sleep in
 *    pthread_mutex_lock (FUTEX_WAITERS is seen in the word first).  The
 *    kernel walks the dead thread's robust list, marks the word
 *    FUTEX_OWNER_DIED and wakes one: it must get EOWNERDEAD, make the
 *    mutex consistent and unlock; the other then gets 0.
 * 3. Owner death, not made consistent: EOWNERDEAD, unlock without
 *    pthread_mutex_consistent, and every later lock gets ENOTRECOVERABLE.
 *
 * Parts 2 and 3 need the kernel's robust list, which qemu-user does not
 * emulate (set_robust_list answers ENOSYS there, for glibc as well): they
 * are reported as skipped then.
 */
#include "stress.h"
#include <stdint.h>
#include <sys/syscall.h>

#define NTHREADS 4
#define FUTEX_WAITERS_BIT 0x80000000u

static pthread_mutex_t m;
static long iters, a, b;

static void init_robust(int pshared)
{
	pthread_mutexattr_t at;
	OK(pthread_mutexattr_init(&at));
	OK(pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST));
	OK(pthread_mutexattr_setpshared(&at, pshared ? PTHREAD_PROCESS_SHARED
						      : PTHREAD_PROCESS_PRIVATE));
	OK(pthread_mutex_init(&m, &at));
	OK(pthread_mutexattr_destroy(&at));
}

static uint32_t word(void)
{
	return __atomic_load_n((uint32_t *)&m, __ATOMIC_SEQ_CST);
}

static void *counter(void *arg)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		OK(pthread_mutex_lock(&m));
		CHECK(a == b, "torn: a=%ld b=%ld", a, b);
		a++;
		b++;
		OK(pthread_mutex_unlock(&m));
	}
	return 0;
}

static void contention(int pshared)
{
	pthread_t t[NTHREADS];
	init_robust(pshared);
	a = b = 0;
	iters = stress_scale(10000);
	for (int i = 0; i < NTHREADS; i++)
		spawn(&t[i], counter, 0);
	for (int i = 0; i < NTHREADS; i++)
		OK(pthread_join(t[i], 0));
	CHECK(a == NTHREADS * iters && b == a, "total %ld, expected %ld", a,
	      NTHREADS * iters);
	OK(pthread_mutex_destroy(&m));
	printf("ok: robust %-9s contention  %d threads x %ld\n",
	       pshared ? "pshared" : "private", NTHREADS, iters);
}

/* ------------------------------------------------------- owner death */

static volatile int owner_has_it;
static int results[2];
static volatile int nresults;
static pthread_mutex_t res_lock = PTHREAD_MUTEX_INITIALIZER;

static void *owner_dies(void *arg)
{
	(void)arg;
	OK(pthread_mutex_lock(&m));
	owner_has_it = 1;
	while (!(word() & FUTEX_WAITERS_BIT)) /* somebody sleeps on it */
		usleep(1000);
	usleep(100000); /* and the second one too, most likely */
	return 0;	/* dies holding m */
}

static void *sleeper(void *arg)
{
	int make_consistent = (int)(long)arg;
	int r = pthread_mutex_lock(&m);
	if (r == EOWNERDEAD && make_consistent)
		OK(pthread_mutex_consistent(&m));
	if (r == 0 || r == EOWNERDEAD)
		OK(pthread_mutex_unlock(&m));
	OK(pthread_mutex_lock(&res_lock));
	results[nresults++] = r;
	OK(pthread_mutex_unlock(&res_lock));
	return 0;
}

static void owner_death(int pshared, int make_consistent)
{
	pthread_t o, s[2];
	init_robust(pshared);
	owner_has_it = 0;
	nresults = 0;
	spawn(&o, owner_dies, 0);
	while (!owner_has_it)
		usleep(1000);
	for (int i = 0; i < 2; i++)
		spawn(&s[i], sleeper, (void *)(long)make_consistent);
	OK(pthread_join(o, 0));
	for (int i = 0; i < 2; i++)
		OK(pthread_join(s[i], 0));
	int dead = 0, zero = 0, notrec = 0;
	for (int i = 0; i < 2; i++) {
		dead += results[i] == EOWNERDEAD;
		zero += results[i] == 0;
		notrec += results[i] == ENOTRECOVERABLE;
	}
	const char *kind = pshared ? "pshared" : "private";
	if (make_consistent) {
		CHECK(dead == 1 && zero == 1, "%s: results %d, %d", kind,
		      results[0], results[1]);
		OK(pthread_mutex_lock(&m));
		OK(pthread_mutex_unlock(&m));
		printf("ok: robust %-9s owner dies  EOWNERDEAD, consistent, then 0\n",
		       kind);
	} else {
		CHECK(dead == 1 && notrec == 1, "%s: results %d, %d", kind,
		      results[0], results[1]);
		CHECK(pthread_mutex_lock(&m) == ENOTRECOVERABLE,
		      "%s: lock after an inconsistent unlock", kind);
		printf("ok: robust %-9s owner dies  EOWNERDEAD, unlocked, then ENOTRECOVERABLE\n",
		       kind);
	}
	OK(pthread_mutex_destroy(&m));
}

int main(void)
{
	stress_begin("robust_death", 120);
	contention(0);
	contention(1);

	void *head;
	size_t len;
	if (syscall(SYS_get_robust_list, 0, &head, &len) != 0 &&
	    errno == ENOSYS) {
		printf("skip: robust owner death: no robust list in this kernel "
		       "(qemu-user answers set_robust_list with ENOSYS)\n");
		return 0;
	}
	for (int pshared = 0; pshared < 2; pshared++) {
		owner_death(pshared, 1);
		owner_death(pshared, 0);
	}
	return 0;
}
