/* The word of a robust mutex is the kernel's: while the mutex is held its
 * first 4 bytes equal the owner's gettid(); once the owner is dead, and
 * before anyone locks again, the word is exactly FUTEX_OWNER_DIED (TID
 * bits cleared, no FUTEX_WAITERS: nobody waited), which is the value the
 * kernel writes when it walks the dead owner's robust list.
 *
 * For private, process-shared and PI robust mutexes, ROUNDS rounds of:
 *   1. thread T locks m; T and main read the word: T's TID.
 *   2. T dies; main joins it: the word is FUTEX_OWNER_DIED.
 *   3. main locks: EOWNERDEAD, and the word is main's TID exactly.
 *   4. consistent + unlock: the word is 0.
 * and with a killed process as the owner (process-shared kinds):
 *   1. child C locks m and reports: the word is C's TID.
 *   2. SIGKILL C, reap it: the word is FUTEX_OWNER_DIED.
 *   3. main locks: EOWNERDEAD; word = main's TID; unlock: 0.
 */
#include "process_check.h"

#define ROUNDS 100

struct tctx {
	pthread_mutex_t *m;
	pid_t tid;
	uint32_t seen;
};

static void *lock_and_die(void *arg)
{
	struct tctx *x = arg;
	x->tid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(x->m));
	x->seen = fxp_word(x->m);
	return 0;
}

static void after_death(pthread_mutex_t *m, int i)
{
	uint32_t w = fxp_word(m);
	CHECK(w == FUTEX_OWNER_DIED, "round %d: word after the owner died is "
	      "%#x, expected FUTEX_OWNER_DIED (%#x)", i, w,
	      (unsigned)FUTEX_OWNER_DIED);
	CHECK_RC(pthread_mutex_lock(m), EOWNERDEAD);
	w = fxp_word(m);
	CHECK(w == (uint32_t)fxp_gettid(), "round %d: word after EOWNERDEAD "
	      "is %#x, expected our TID %d", i, w, (int)fxp_gettid());
	CHECK_OK(pthread_mutex_consistent(m));
	CHECK_OK(pthread_mutex_unlock(m));
	w = fxp_word(m);
	CHECK(w == 0, "round %d: word after unlock is %#x", i, w);
}

static void thread_owner(pthread_mutex_t *m, int pshared, int proto)
{
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		fxp_robust_init(m, pshared, proto);
		CHECK(fxp_word(m) == 0, "word of a new mutex: %#x",
		      fxp_word(m));
		struct tctx x = { .m = m };
		pthread_t t;
		CHECK_OK(pthread_create(&t, 0, lock_and_die, &x));
		CHECK_OK(pthread_join(t, 0));
		CHECK(x.seen == (uint32_t)x.tid, "round %d: word while held "
		      "is %#x, owner's gettid() is %d", i, x.seen, (int)x.tid);
		after_death(m, i);
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

static void process_owner(pthread_mutex_t *m, int proto)
{
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		fxp_robust_init(m, PTHREAD_PROCESS_SHARED, proto);
		int fd[2];
		CHECK(pipe(fd) == 0, "pipe");
		pid_t c = fxp_fork();
		if (c == 0) {
			if (pthread_mutex_lock(m))
				_exit(10);
			pid_t tid = fxp_gettid();
			fxp_write_all(fd[1], &tid, sizeof tid);
			for (;;)
				pause();
		}
		pid_t tid;
		fxp_read_all(fd[0], &tid, sizeof tid);
		close(fd[0]);
		close(fd[1]);
		uint32_t w = fxp_word(m);
		CHECK(w == (uint32_t)tid, "round %d: word while held by "
		      "process %d is %#x", i, (int)tid, w);
		CHECK(kill(c, SIGKILL) == 0, "kill");
		fxp_reap_killed(c);
		after_death(m, i);
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

int main(void)
{
	fxp_begin("robust_owner_died_word_is_kernel_value", 45);
	pthread_mutex_t *m = fxp_shared_alloc(4096);

	fxp_step("private robust, thread owner");
	thread_owner(m, PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE);
	fxp_step("pshared robust, thread owner");
	thread_owner(m, PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE);
	fxp_step("private robust PI, thread owner");
	thread_owner(m, PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_INHERIT);
	fxp_step("pshared robust, killed process owner");
	process_owner(m, PTHREAD_PRIO_NONE);
	fxp_step("pshared robust PI, killed process owner");
	process_owner(m, PTHREAD_PRIO_INHERIT);

	fxp_pass("word = owner TID while held, FUTEX_OWNER_DIED after death, "
		 "new owner's TID after EOWNERDEAD, 0 after unlock; "
		 "%d rounds per kind", ROUNDS);
	return 0;
}
