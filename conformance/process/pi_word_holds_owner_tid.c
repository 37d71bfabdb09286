/* A priority-inheritance mutex speaks the kernel's PI protocol: its word
 * is 0 when free and the owner's TID when held (the kernel finds the task
 * to boost through it), FUTEX_WAITERS is set by the kernel once someone
 * sleeps, and FUTEX_UNLOCK_PI hands the word straight to the sleeper.
 *
 * For private and process-shared, plain and robust PI mutexes, ROUNDS
 * rounds of:
 *   1. T locks m: the word is T's gettid().
 *   2. W calls lock(m) and sleeps in the kernel: the word becomes
 *      T's TID | FUTEX_WAITERS.
 *   3. T unlocks: W returns 0 owning m, and the TID bits of the word are
 *      W's (the kernel wrote them before W ran).
 *   4. W unlocks: the word is 0.
 * and across processes (process-shared kinds): a child owns m (word =
 * child's TID), a parent thread sleeps on it (FUTEX_WAITERS), the child
 * unlocks, the parent thread owns it with its TID in the word.
 */
#include "process_check.h"
#include <semaphore.h>

#define ROUNDS 50

struct ctx {
	pthread_mutex_t *m;
	sem_t release;
	volatile pid_t tid;
	volatile int calling;
	uint32_t word_when_owned;
	int result;
};

static void *owner(void *arg)
{
	struct ctx *x = arg;
	x->tid = fxp_gettid();
	CHECK_OK(pthread_mutex_lock(x->m));
	while (sem_wait(&x->release) != 0)
		;
	CHECK_OK(pthread_mutex_unlock(x->m));
	return 0;
}

static void *waiter(void *arg)
{
	struct ctx *x = arg;
	x->tid = fxp_gettid();
	__atomic_store_n(&x->calling, 1, __ATOMIC_SEQ_CST);
	x->result = pthread_mutex_lock(x->m);
	x->word_when_owned = fxp_word(x->m);
	if (x->result == 0)
		CHECK_OK(pthread_mutex_unlock(x->m));
	return 0;
}

static void thread_rounds(pthread_mutex_t *m, const struct fxp_mutex_kind *k)
{
	for (int i = 0; i < ROUNDS; i++) {
		fxp_progress();
		fxp_mutex_init(m, k);
		CHECK(fxp_word(m) == 0, "new mutex word %#x", fxp_word(m));
		struct ctx t = { .m = m }, w = { .m = m };
		sem_init(&t.release, 0, 0);
		pthread_t tt, wt;

		fxp_step("1. T locks: word = T's TID");
		CHECK_OK(pthread_create(&tt, 0, owner, &t));
		while (!(fxp_word(m) & FUTEX_TID_MASK))
			fxp_sleep_us(50);
		CHECK(fxp_word(m) == (uint32_t)t.tid, "round %d: word %#x "
		      "while held by %d", i, fxp_word(m), (int)t.tid);

		fxp_step("2. W sleeps: word = T's TID | FUTEX_WAITERS");
		CHECK_OK(pthread_create(&wt, 0, waiter, &w));
		while (!(fxp_word(m) & FUTEX_WAITERS))
			fxp_sleep_us(50);
		fxp_wait_asleep(w.tid);
		CHECK(fxp_word(m) == ((uint32_t)t.tid | FUTEX_WAITERS),
		      "round %d: word %#x with a sleeper; expected %#x", i,
		      fxp_word(m), (uint32_t)t.tid | FUTEX_WAITERS);

		fxp_step("3. T unlocks: the kernel hands m to W");
		sem_post(&t.release);
		CHECK_OK(pthread_join(tt, 0));
		CHECK_OK(pthread_join(wt, 0));
		CHECK(w.result == 0, "round %d: W's lock returned %d", i,
		      w.result);
		CHECK((w.word_when_owned & FUTEX_TID_MASK) == (uint32_t)w.tid,
		      "round %d: W owns m but the word is %#x (W is %d)", i,
		      w.word_when_owned, (int)w.tid);
		CHECK(!(w.word_when_owned & FUTEX_OWNER_DIED),
		      "round %d: FUTEX_OWNER_DIED in %#x", i,
		      w.word_when_owned);

		fxp_step("4. W unlocked: word 0");
		CHECK(fxp_word(m) == 0, "round %d: word %#x after the last "
		      "unlock", i, fxp_word(m));
		sem_destroy(&t.release);
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

static void process_rounds(pthread_mutex_t *m, const struct fxp_mutex_kind *k)
{
	for (int i = 0; i < ROUNDS / 4; i++) {
		fxp_progress();
		fxp_mutex_init(m, k);
		int up[2], down[2];
		CHECK(pipe(up) == 0 && pipe(down) == 0, "pipe");
		pid_t c = fxp_fork();
		if (c == 0) {
			if (pthread_mutex_lock(m))
				_exit(2);
			pid_t tid = fxp_gettid();
			fxp_write_all(up[1], &tid, sizeof tid);
			char go;
			fxp_read_all(down[0], &go, 1);
			_exit(pthread_mutex_unlock(m) ? 3 : 0);
		}
		fxp_step("child owns m: word = child's TID");
		pid_t ctid;
		fxp_read_all(up[0], &ctid, sizeof ctid);
		CHECK(fxp_word(m) == (uint32_t)ctid, "round %d: word %#x, "
		      "child %d", i, fxp_word(m), (int)ctid);

		fxp_step("parent thread sleeps on m held by the child");
		struct ctx w = { .m = m };
		pthread_t wt;
		CHECK_OK(pthread_create(&wt, 0, waiter, &w));
		while (!(fxp_word(m) & FUTEX_WAITERS))
			fxp_sleep_us(50);
		fxp_wait_asleep(w.tid);
		CHECK(fxp_word(m) == ((uint32_t)ctid | FUTEX_WAITERS),
		      "round %d: word %#x", i, fxp_word(m));

		fxp_step("child unlocks: parent thread owns m");
		fxp_write_all(down[1], "g", 1);
		fxp_reap_ok(c, "PI owner");
		CHECK_OK(pthread_join(wt, 0));
		CHECK(w.result == 0, "waiter: %d", w.result);
		CHECK((w.word_when_owned & FUTEX_TID_MASK) == (uint32_t)w.tid,
		      "round %d: word %#x, new owner %d", i,
		      w.word_when_owned, (int)w.tid);
		CHECK(fxp_word(m) == 0, "word %#x after unlock", fxp_word(m));
		close(up[0]);
		close(up[1]);
		close(down[0]);
		close(down[1]);
		CHECK_OK(pthread_mutex_destroy(m));
	}
}

int main(void)
{
	fxp_begin("pi_word_holds_owner_tid", 45);
	pthread_mutex_t *m = fxp_shared_alloc(4096);
	struct fxp_mutex_kind kinds[] = {
		{ "private PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "private PI errorcheck", PTHREAD_MUTEX_ERRORCHECK,
		  PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
		{ "private robust PI", PTHREAD_MUTEX_NORMAL,
		  PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_PRIVATE },
		{ "pshared PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_SHARED },
		{ "pshared robust PI", PTHREAD_MUTEX_RECURSIVE,
		  PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT,
		  PTHREAD_PROCESS_SHARED },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		thread_rounds(m, &kinds[k]);
		if (kinds[k].pshared == PTHREAD_PROCESS_SHARED)
			process_rounds(m, &kinds[k]);
		fxp_note("%s: ok", kinds[k].name);
	}
	fxp_pass("PI word = owner TID, | FUTEX_WAITERS with a sleeper, handed "
		 "to the sleeper's TID by the kernel, 0 when free");
	return 0;
}
