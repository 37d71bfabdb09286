/* Signal and broadcast on a condvar whose mutex is PTHREAD_PRIO_INHERIT
 * must not spin forever.  Such waiters sleep with FUTEX_WAIT_REQUEUE_PI
 * and are moved with FUTEX_CMP_REQUEUE_PI, which fails with EAGAIN when
 * the condvar's futex word changed since the caller read it.  A retry that
 * re-issues the call with the stale value gets EAGAIN forever (glibc's PI
 * condvar patch retried without re-reading the word, and livelocked), a
 * retry with no bound can be kept busy by other signallers.
 *
 * The race, repeated for RUN_MS:
 *   1. NWAIT waiters loop: lock m (PI); while no token: cond_wait (every
 *      other wait a timedwait with a 1 ms deadline, so waiters keep
 *      entering and leaving the kernel's requeue machinery); take a token;
 *      unlock;
 *   2. NSIGNALLERS signallers loop: lock m, add a token, then signal or broadcast
 *      (half of them inside the critical section, half after it), so each
 *      call races with other signallers bumping the word and with waiters
 *      arriving and timing out;
 *   3. every signal/broadcast call must return within CALL_MS, and the
 *      waiters must keep taking tokens (a monitor checks both).
 * Finally the condvar and mutex are destroyed with everybody gone.
 */
#include "regress.h"

#define NWAIT 4
#define NSIGNALLERS 3
#define RUN_MS 1500
#define CALL_MS 2000

static pthread_mutex_t m;
static pthread_cond_t c;
static int tokens, stop;
static long taken, calls; /* atomic */
static int64_t call_start[NSIGNALLERS]; /* 0 when not inside signal/broadcast */

static void *waiter(void *arg)
{
	int id = (int)(intptr_t)arg;
	unsigned n = 0;
	for (;;) {
		int r = pthread_mutex_lock(&m);
		if (r)
			die("waiter %d: lock: %s", id, strerror(r));
		while (tokens == 0 && !stop) {
			if (++n & 1) {
				struct timespec dl = deadline_ms(CLOCK_REALTIME, 1);
				r = pthread_cond_timedwait(&c, &m, &dl);
			} else {
				r = pthread_cond_wait(&c, &m);
			}
			if (r && r != ETIMEDOUT)
				die("waiter %d: wait: %s", id, strerror(r));
		}
		if (stop) {
			pthread_mutex_unlock(&m);
			return 0;
		}
		tokens--;
		__atomic_add_fetch(&taken, 1, __ATOMIC_RELAXED);
		pthread_mutex_unlock(&m);
	}
}

static void *signaller(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (unsigned n = 0; !__atomic_load_n(&stop, __ATOMIC_RELAXED); n++) {
		int inside = (n + (unsigned)id) & 1, bcast = (n % 5) == 0;
		pthread_mutex_lock(&m);
		tokens++;
		if (!inside)
			pthread_mutex_unlock(&m);
		__atomic_store_n(&call_start[id], now_ns(), __ATOMIC_SEQ_CST);
		if (bcast)
			pthread_cond_broadcast(&c); /* 2. */
		else
			pthread_cond_signal(&c);
		__atomic_store_n(&call_start[id], 0, __ATOMIC_SEQ_CST);
		__atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
		if (inside)
			pthread_mutex_unlock(&m);
		/* Don't pile up tokens: let the waiters catch up. */
		for (int k = 0; k < 1000; k++) {
			pthread_mutex_lock(&m);
			int t = tokens;
			pthread_mutex_unlock(&m);
			if (t < NWAIT || __atomic_load_n(&stop, __ATOMIC_RELAXED))
				break;
			sched_yield();
		}
	}
	return 0;
}

int main(void)
{
	regress_start(60);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	if (pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT))
		skip("no PTHREAD_PRIO_INHERIT");
	pthread_mutex_init(&m, &ma);
	pthread_cond_init(&c, 0);

	pthread_t w[NWAIT], s[NSIGNALLERS];
	for (int i = 0; i < NWAIT; i++)
		pthread_create(&w[i], 0, waiter, (void *)(intptr_t)i);
	for (int i = 0; i < NSIGNALLERS; i++)
		pthread_create(&s[i], 0, signaller, (void *)(intptr_t)i);

	int stuck = 0, starved = 0;
	int64_t start = now_ns(), last_progress = start;
	long last_taken = 0;
	step("signallers and waiters race");
	while (now_ns() - start < (int64_t)RUN_MS * 1000000 && !stuck) {
		sleep_ms(10);
		int64_t now = now_ns();
		for (int i = 0; i < NSIGNALLERS; i++) { /* 3. */
			int64_t t = __atomic_load_n(&call_start[i], __ATOMIC_SEQ_CST);
			if (t && now - t > (int64_t)CALL_MS * 1000000) {
				printf("signaller %d: inside signal/broadcast for"
				       " more than %d ms\n", i, CALL_MS);
				stuck = 1;
			}
		}
		long t = __atomic_load_n(&taken, __ATOMIC_RELAXED);
		if (t != last_taken) {
			last_taken = t;
			last_progress = now;
		} else if (now - last_progress > (int64_t)CALL_MS * 1000000) {
			printf("no token taken for %d ms\n", CALL_MS);
			starved = 1;
			break;
		}
	}
	if (stuck || starved)
		die("signal/broadcast on a PI condvar did not make progress");

	step("stop: waiters leave");
	pthread_mutex_lock(&m);
	stop = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < NSIGNALLERS; i++)
		pthread_join(s[i], 0);
	for (int i = 0; i < NWAIT; i++)
		pthread_join(w[i], 0);
	check(__atomic_load_n(&calls, __ATOMIC_RELAXED) > 0 &&
		      __atomic_load_n(&taken, __ATOMIC_RELAXED) > 0,
	      "PI condvar: %d signallers racing %d waiters; every signal and"
	      " broadcast returned within %d ms, tokens kept being taken",
	      NSIGNALLERS, NWAIT, CALL_MS);
	step("destroy");
	check(pthread_cond_destroy(&c) == 0, "PI condvar: destroy gives 0");
	check(pthread_mutex_destroy(&m) == 0, "PI mutex: destroy gives 0");
	return regress_finish();
}
