/* pthread_mutex_clocklock(CLOCK_MONOTONIC) on a priority-inheritance
 * mutex where the kernel has no FUTEX_LOCK_PI2 (Linux before 5.14): the
 * older FUTEX_LOCK_PI takes a CLOCK_REALTIME deadline only, so fxpthread
 * translates the monotonic one (lock_pi_wait, runtime/mutex/mutex_tid.c).
 * It used to answer EINVAL there.
 *
 * valgrind does not know FUTEX_LOCK_PI2 (it answers ENOSYS, as an old
 * kernel does), so the program runs itself under valgrind, checks that
 * FUTEX_LOCK_PI2 is indeed missing there, and then, with a PI mutex (plain
 * and robust) held by another thread:
 *   - clocklock(CLOCK_MONOTONIC, now + 30 ms) gives ETIMEDOUT, not before
 *     the deadline;
 *   - clocklock(CLOCK_MONOTONIC, now + 60 s) gives 0 once the owner
 *     unlocks (it does so after the caller is asleep in the kernel);
 *   - timedlock (CLOCK_REALTIME) still times out with ETIMEDOUT.
 * SKIP without valgrind.
 */
#include "process_check.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

static pthread_mutex_t m;
static volatile int held, release, waiter_asleep_tid;

static void *owner(void *arg)
{
	CHECK_OK(pthread_mutex_lock(&m));
	__atomic_store_n(&held, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&release, __ATOMIC_SEQ_CST))
		fxp_sleep_us(1000);
	CHECK_OK(pthread_mutex_unlock(&m));
	return 0;
}

static int64_t ns_of(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void *late_release(void *arg)
{
	/* let go once the locker sleeps in FUTEX_LOCK_PI */
	fxp_wait_asleep((pid_t)(intptr_t)arg);
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void one_kind(const struct fxp_mutex_kind *k)
{
	fxp_mutex_init(&m, k);
	held = release = 0;
	pthread_t t, r;
	CHECK_OK(pthread_create(&t, 0, owner, 0));
	while (!__atomic_load_n(&held, __ATOMIC_SEQ_CST))
		fxp_sleep_us(1000);

	fxp_step("monotonic deadline passes");
	struct timespec d = fxp_after_ms(CLOCK_MONOTONIC, 30);
	int rc = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &d);
	CHECK(rc == ETIMEDOUT, "%s: clocklock(CLOCK_MONOTONIC) gave %d, "
	      "expected ETIMEDOUT", k->name, rc);
	CHECK(ns_of(fxp_now(CLOCK_MONOTONIC)) >= ns_of(d), "%s: ETIMEDOUT "
	      "before the monotonic deadline", k->name);

	fxp_step("realtime deadline passes");
	d = fxp_after_ms(CLOCK_REALTIME, 30);
	CHECK_RC(pthread_mutex_timedlock(&m, &d), ETIMEDOUT);

	fxp_step("monotonic wait succeeds when the owner lets go");
	CHECK_OK(pthread_create(&r, 0, late_release,
				(void *)(intptr_t)fxp_gettid()));
	d = fxp_after_ms(CLOCK_MONOTONIC, 60000);
	rc = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &d);
	CHECK(rc == 0, "%s: clocklock(CLOCK_MONOTONIC) gave %d after the "
	      "owner's unlock", k->name, rc);
	CHECK((fxp_word(&m) & FUTEX_TID_MASK) == (uint32_t)fxp_gettid(),
	      "word %#x does not name the caller", fxp_word(&m));
	CHECK_OK(pthread_mutex_unlock(&m));
	CHECK_OK(pthread_join(r, 0));
	CHECK_OK(pthread_join(t, 0));
	CHECK_OK(pthread_mutex_destroy(&m));
	fxp_progress();
}

int main(int argc, char **argv)
{
	if (!getenv("FXP_UNDER_VALGRIND")) {
		fxp_begin("pi_clocklock_monotonic_without_lock_pi2", 240);
		if (system("valgrind --version >/dev/null 2>&1") != 0) {
			printf("SKIP: valgrind not found\n");
			return FXP_SKIP;
		}
		fflush(stdout);
		setenv("FXP_UNDER_VALGRIND", "1", 1);
		execlp("valgrind", "valgrind", "-q", "--error-exitcode=9",
		       "--fair-sched=yes", argv[0], (char *)0);
		CHECK(0, "exec valgrind: %s", strerror(errno));
	}
	fxp_begin("pi_clocklock_monotonic_without_lock_pi2 (valgrind)", 200);
	uint32_t w = 0;
	long r = syscall(SYS_futex, &w, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG, 0,
			 (void *)0, (void *)0, 0);
	if (r == 0) {
		printf("SKIP: FUTEX_LOCK_PI2 works under this valgrind; the "
		       "fallback cannot be reached\n");
		return FXP_SKIP;
	}
	CHECK(errno == ENOSYS, "FUTEX_LOCK_PI2 under valgrind: errno %d", errno);
	static const struct fxp_mutex_kind kinds[] = {
		{ "PI", PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
		{ "robust PI", PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_ROBUST,
		  PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE },
	};
	for (size_t i = 0; i < 2; i++)
		one_kind(&kinds[i]);
	fxp_pass("without FUTEX_LOCK_PI2 (ENOSYS under valgrind), PI "
		 "clocklock(CLOCK_MONOTONIC) times out at its deadline and "
		 "acquires when the owner unlocks; PI and robust PI");
	return 0;
}
