/* No lost wakeup when waiters and signals interleave freely.  glibc's
 * condvar (2.25 onwards) can lose a pthread_cond_signal when a waiter that
 * woke spuriously "steals" a signal from an older group of waiters and the
 * undo of that steal goes to the wrong group (sourceware bug 25847): a
 * waiter then sleeps on although a signal was sent after it started
 * waiting, and a program that waits for a token hangs.
 *
 * The stress: tokens under a mutex.  A producer adds a token and then
 * signals (inside or outside the critical section, alternately); a
 * consumer waits while there is no token, then takes one.  In a correct
 * implementation tokens cannot stay available while a consumer sleeps:
 *   1. consumer C locks m, sees tokens == 0, calls pthread_cond_wait(c, m)
 *      (from here on C is blocked);
 *   2. producer P locks m, tokens++, unlocks, signals c: the signal was
 *      sent after C started waiting and must unblock C or another blocked
 *      consumer, which re-checks and takes the token;
 *   3. the bug: the signal unblocks nobody (or a consumer that does not
 *      count), the token stays, C sleeps forever.
 * A monitor thread declares a lost wakeup when no token was taken for 1 s
 * while tokens > 0 and every consumer is asleep in the futex system call
 * on the condvar.  Producers work in bursts of 1..NCONS tokens and wait
 * until the burst is consumed (by spinning in config "spin", by waiting
 * on a second condvar of the same mutex in config "two-condvars", the
 * usual shape of a work queue), so consumers block often and groups of
 * waiters keep forming and dissolving.
 */
#include "regress.h"

#define NCONS 4
#define NPROD 2
#define RUN_MS 1500
#define STALL_MS 1000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;	/* tokens available */
static pthread_cond_t empty = PTHREAD_COND_INITIALIZER; /* tokens == 0 */
static int tokens, stop, use_empty;
static long taken; /* under m */
static long taken_seen;
static pid_t cons_tid[NCONS], prod_tid[NPROD];

static void *consumer(void *arg)
{
	int id = (int)(intptr_t)arg;
	cons_tid[id] = gettid_();
	pthread_mutex_lock(&m);
	for (;;) {
		while (tokens == 0 && !stop)
			pthread_cond_wait(&c, &m); /* 1. */
		if (stop)
			break;
		tokens--;
		taken++;
		__atomic_store_n(&taken_seen, taken, __ATOMIC_RELAXED);
		if (tokens == 0 && use_empty)
			pthread_cond_signal(&empty);
	}
	pthread_mutex_unlock(&m);
	return 0;
}

static void *producer(void *arg)
{
	unsigned seed = (unsigned)(intptr_t)arg * 7919u + 1;
	prod_tid[(intptr_t)arg] = gettid_();
	unsigned long n = 0;
	for (;;) {
		int burst = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % NCONS;
		for (int i = 0; i < burst; i++, n++) {
			pthread_mutex_lock(&m);
			if (stop) {
				pthread_mutex_unlock(&m);
				return 0;
			}
			tokens++; /* 2. */
			if (n & 1) {
				pthread_cond_signal(&c);
				pthread_mutex_unlock(&m);
			} else {
				pthread_mutex_unlock(&m);
				pthread_cond_signal(&c);
			}
		}
		/* Wait for the burst to be taken. */
		pthread_mutex_lock(&m);
		if (use_empty) {
			while (tokens > 0 && !stop)
				pthread_cond_wait(&empty, &m);
		} else {
			while (tokens > 0 && !stop) {
				pthread_mutex_unlock(&m);
				sched_yield();
				pthread_mutex_lock(&m);
			}
		}
		pthread_mutex_unlock(&m);
	}
}

static int all_asleep_on(const pid_t *tid, int n, const pthread_cond_t *cv)
{
	for (int i = 0; i < n; i++)
		if (!blocked_in_futex(getpid(), tid[i], cv, sizeof *cv))
			return 0;
	return 1;
}

static int run(const char *config)
{
	pthread_t cons[NCONS], prod[NPROD];
	tokens = stop = 0;
	taken = taken_seen = 0;
	use_empty = !strcmp(config, "two-condvars");
	for (int i = 0; i < NCONS; i++)
		pthread_create(&cons[i], 0, consumer, (void *)(intptr_t)i);
	for (int i = 0; i < NPROD; i++)
		pthread_create(&prod[i], 0, producer, (void *)(intptr_t)i);

	int lost = 0;
	long last = -1;
	int64_t start = now_ns(), last_progress = start;
	step(config);
	/* Run for RUN_MS, and past it while no token has been taken for a
	 * while: a lost wakeup shows as a stall, whose end we wait for. */
	while (now_ns() - start < (int64_t)RUN_MS * 1000000 ||
	       now_ns() - last_progress > 50000000) {
		sleep_ms(20);
		long t = __atomic_load_n(&taken_seen, __ATOMIC_RELAXED);
		if (t != last) {
			last = t;
			last_progress = now_ns();
			continue;
		}
		if (now_ns() - last_progress < (int64_t)STALL_MS * 1000000)
			continue;
		/* No token taken for STALL_MS: a lost wakeup if tokens are
		 * there and every consumer sleeps on the condvar. */
		pthread_mutex_lock(&m);
		int k = tokens;
		pthread_mutex_unlock(&m);
		if (k > 0 && all_asleep_on(cons_tid, NCONS, &c)) {
			printf("%s: %d token(s) available for %d ms while all %d"
			       " consumers sleep on the condvar, after %ld"
			       " tokens were taken\n",
			       config, k, STALL_MS, NCONS, t);
			lost = 1;
			break;
		}
		/* The other direction: the last consumer signalled `empty`
		 * after taking the last token, yet every producer sleeps. */
		if (k == 0 && use_empty && all_asleep_on(prod_tid, NPROD, &empty) &&
		    all_asleep_on(cons_tid, NCONS, &c)) {
			printf("%s: no token, every producer asleep on the"
			       " 'empty' condvar for %d ms, after %ld tokens\n",
			       config, STALL_MS, t);
			lost = 1;
			break;
		}
		last_progress = now_ns(); /* something else slow; keep going */
	}

	pthread_mutex_lock(&m);
	stop = 1;
	pthread_cond_broadcast(&c);
	pthread_cond_broadcast(&empty);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < NPROD; i++)
		pthread_join(prod[i], 0);
	for (int i = 0; i < NCONS; i++)
		pthread_join(cons[i], 0);
	check(!lost && taken > 0, "%s: %d producers, %d consumers: tokens"
		     " taken, no thread asleep while its wakeup was due",
	      config, NPROD, NCONS);
	return !lost;
}

int main(void)
{
	regress_start(60);
	run("spin");
	run("two-condvars");
	return regress_finish();
}
