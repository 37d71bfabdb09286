/* When the owner of a robust mutex dies, the kernel (walking the dead
 * thread's robust list) rewrites the lock word to FUTEX_OWNER_DIED, plus
 * FUTEX_WAITERS if it was set, with the TID bits CLEARED, and wakes one
 * waiter.  An implementation that recognises a dead owner only by
 * "FUTEX_OWNER_DIED | old TID" (what a user-space clean-up would leave)
 * never sees the kernel's value: it waits forever, or takes the lock
 * without reporting EOWNERDEAD.
 *
 * Scenarios; in each the owner dies holding the mutex:
 *   A  thread exit, nobody waiting: the word is exactly FUTEX_OWNER_DIED;
 *      lock gives EOWNERDEAD; consistent + unlock; the next lock gives 0.
 *   B  1. the owner thread locks;  2. another thread calls lock and is
 *      seen asleep in the futex system call;  3. the owner exits;
 *      4. the sleeper returns EOWNERDEAD.
 *   C  process killed (SIGKILL) holding a process-shared robust mutex: the
 *      word is exactly FUTEX_OWNER_DIED; trylock gives EOWNERDEAD.
 *   D  as B, the owner being another process, killed with SIGKILL.
 *   E  robust + PTHREAD_PRIO_INHERIT, thread exit: the word is exactly
 *      FUTEX_OWNER_DIED; lock gives EOWNERDEAD.
 *   F  EOWNERDEAD, then unlock without pthread_mutex_consistent: the next
 *      lock gives ENOTRECOVERABLE.
 *   G  as B with a robust PTHREAD_PRIO_INHERIT mutex (the kernel hands
 *      the lock over itself): the sleeper returns EOWNERDEAD.
 *
 * B is the case where the wake comes from the kernel's robust-list walk,
 * which issues a process-shared FUTEX_WAKE (robust-futex-ABI.rst): it only
 * reaches a waiter that slept without FUTEX_PRIVATE_FLAG, even for a
 * process-private mutex.
 */
#include "regress.h"
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/wait.h>

static uint32_t word(pthread_mutex_t *m)
{
	/* The lock word is the first 32 bits of the object, in glibc's
	 * layout and in fxpthread's. */
	return __atomic_load_n((uint32_t *)m, __ATOMIC_SEQ_CST);
}

static void init_robust(pthread_mutex_t *m, int pshared, int pi)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (pshared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	if (pi)
		pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	int r = pthread_mutex_init(m, &a);
	if (r)
		die("pthread_mutex_init: %s", strerror(r));
	pthread_mutexattr_destroy(&a);
}

static void check_word_died(const char *sc, pthread_mutex_t *m)
{
	uint32_t w = word(m);
	check(w == FUTEX_OWNER_DIED,
	      "%s: the word is FUTEX_OWNER_DIED, TID bits cleared", sc);
	if (w != FUTEX_OWNER_DIED)
		printf("     word: 0x%08x\n", w);
}

static void check_result(const char *sc, const char *call, int r, int want)
{
	check(r == want, "%s: %s gives %s", sc, call,
	      want == EOWNERDEAD ? "EOWNERDEAD" :
	      want == ENOTRECOVERABLE ? "ENOTRECOVERABLE" : "0");
	if (r != want)
		printf("     got %d (%s)\n", r, strerror(r));
}

/* ------------------------------------------------------ owner threads */

struct owner {
	pthread_mutex_t *m;
	int held;    /* the owner holds m */
	int die_now; /* the owner may exit */
};

static void *owner_thread(void *arg)
{
	struct owner *o = arg;
	int r = pthread_mutex_lock(o->m);
	if (r)
		die("the owner's lock failed: %s", strerror(r));
	__atomic_store_n(&o->held, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&o->die_now, __ATOMIC_SEQ_CST))
		sleep_ms(1);
	return 0; /* exits holding m */
}

struct sleeper {
	pthread_mutex_t *m;
	pid_t tid;
	int result;
};

static void *sleeper_thread(void *arg)
{
	struct sleeper *s = arg;
	__atomic_store_n(&s->tid, gettid_(), __ATOMIC_SEQ_CST);
	s->result = pthread_mutex_lock(s->m);
	if (s->result == EOWNERDEAD)
		pthread_mutex_consistent(s->m);
	if (s->result == EOWNERDEAD || s->result == 0)
		pthread_mutex_unlock(s->m);
	return 0;
}

static void start_sleeper(const char *sc, pthread_t *t, struct sleeper *s)
{
	pthread_create(t, 0, sleeper_thread, s);
	while (!__atomic_load_n(&s->tid, __ATOMIC_SEQ_CST))
		sleep_ms(1);
	if (!wait_blocked(getpid(), s->tid, s->m, sizeof *s->m, 5000))
		die("%s: the second locker never slept on the mutex", sc);
}

static void owner_thread_dies(pthread_mutex_t *m)
{
	struct owner o = { m, 0, 1 };
	pthread_t t;
	pthread_create(&t, 0, owner_thread, &o);
	pthread_join(t, 0);
}

static void scenario_a(void)
{
	pthread_mutex_t m;
	init_robust(&m, 0, 0);
	step("A");
	owner_thread_dies(&m);
	check_word_died("A (thread exit)", &m);
	int r = pthread_mutex_lock(&m);
	check_result("A (thread exit)", "lock", r, EOWNERDEAD);
	if (r == EOWNERDEAD) {
		check(pthread_mutex_consistent(&m) == 0,
		      "A (thread exit): pthread_mutex_consistent gives 0");
		pthread_mutex_unlock(&m);
		r = pthread_mutex_lock(&m);
		check_result("A (thread exit)", "the next lock", r, 0);
		if (r == 0)
			pthread_mutex_unlock(&m);
	}
}

static void owner_exits_under_sleeper(const char *sc, int pi)
{
	pthread_mutex_t m;
	init_robust(&m, 0, pi);
	step(sc);
	struct owner o = { &m, 0, 0 };
	pthread_t ot, st;
	pthread_create(&ot, 0, owner_thread, &o); /* 1. */
	while (!__atomic_load_n(&o.held, __ATOMIC_SEQ_CST))
		sleep_ms(1);
	struct sleeper s = { &m, 0, -1 };
	start_sleeper(sc, &st, &s); /* 2. */
	__atomic_store_n(&o.die_now, 1, __ATOMIC_SEQ_CST); /* 3. */
	pthread_join(ot, 0);
	struct timespec dl = deadline_ms(CLOCK_REALTIME, 5000);
	if (pthread_timedjoin_np(st, 0, &dl) == 0) { /* 4. */
		check_result(sc, "the waiter's lock", s.result, EOWNERDEAD);
		return;
	}
	check(0, "%s: the waiter's lock gives EOWNERDEAD", sc);
	printf("     the waiter still sleeps 5 s after the owner died"
	       " (word 0x%08x)\n", word(&m));
	/* Free it: take the dead owner's lock and hand it on. */
	if (pthread_mutex_trylock(&m) == EOWNERDEAD) {
		pthread_mutex_consistent(&m);
		pthread_mutex_unlock(&m);
	}
	pthread_join(st, 0);
}

/* ------------------------------------------------------ owner process */

struct shm {
	pthread_mutex_t m;
	int held;
};

static struct shm *shared_mutex(void)
{
	struct shm *s = mmap(0, sizeof *s, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	init_robust(&s->m, 1, 0);
	return s;
}

/* A child process that locks s->m and then sleeps until killed. */
static pid_t owner_process(struct shm *s)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		alarm(30);
		int r = pthread_mutex_lock(&s->m);
		if (r)
			_exit(2);
		__atomic_store_n(&s->held, 1, __ATOMIC_SEQ_CST);
		for (;;)
			pause();
	}
	while (!__atomic_load_n(&s->held, __ATOMIC_SEQ_CST))
		sleep_ms(1);
	return pid;
}

static void scenario_c(void)
{
	struct shm *s = shared_mutex();
	step("C");
	pid_t pid = owner_process(s);
	kill(pid, SIGKILL);
	waitpid(pid, 0, 0);
	check_word_died("C (process killed)", &s->m);
	int r = pthread_mutex_trylock(&s->m);
	check_result("C (process killed)", "trylock", r, EOWNERDEAD);
	if (r == EOWNERDEAD) {
		pthread_mutex_consistent(&s->m);
		pthread_mutex_unlock(&s->m);
	}
	munmap(s, sizeof *s);
}

static void scenario_d(void)
{
	struct shm *s = shared_mutex();
	step("D");
	pid_t pid = owner_process(s);
	pthread_t st;
	struct sleeper sl = { &s->m, 0, -1 };
	start_sleeper("D", &st, &sl);
	kill(pid, SIGKILL);
	waitpid(pid, 0, 0);
	pthread_join(st, 0);
	check_result("D (process killed, a thread waiting)",
		     "the waiter's lock", sl.result, EOWNERDEAD);
	munmap(s, sizeof *s);
}

static void scenario_e(void)
{
	pthread_mutex_t m;
	init_robust(&m, 0, 1);
	step("E");
	owner_thread_dies(&m);
	check_word_died("E (robust PI, thread exit)", &m);
	int r = pthread_mutex_lock(&m);
	check_result("E (robust PI, thread exit)", "lock", r, EOWNERDEAD);
	if (r == EOWNERDEAD) {
		pthread_mutex_consistent(&m);
		pthread_mutex_unlock(&m);
	}
}

static void scenario_f(void)
{
	pthread_mutex_t m;
	init_robust(&m, 0, 0);
	step("F");
	owner_thread_dies(&m);
	int r = pthread_mutex_lock(&m);
	check_result("F (left inconsistent)", "lock", r, EOWNERDEAD);
	if (r != EOWNERDEAD)
		return;
	pthread_mutex_unlock(&m); /* without pthread_mutex_consistent */
	r = pthread_mutex_lock(&m);
	check_result("F (left inconsistent)", "the next lock", r,
		     ENOTRECOVERABLE);
	if (r == 0)
		pthread_mutex_unlock(&m);
}

int main(void)
{
	regress_start(60);
	scenario_a();
	owner_exits_under_sleeper("B (thread exit, a thread waiting)", 0);
	scenario_c();
	scenario_d();
	scenario_e();
	scenario_f();
	owner_exits_under_sleeper("G (robust PI, thread exit, a thread waiting)", 1);
	return regress_finish();
}
