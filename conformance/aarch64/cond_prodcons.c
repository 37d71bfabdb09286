/* Condition variables under load.
 *
 * 1. Producer/consumer: NPROD producers put ITEMS values each into a
 *    bounded buffer of CAP slots, NCONS consumers take them; two condvars
 *    (not_full, not_empty) with pthread_cond_signal.  The sum and the count
 *    of the values taken must be exact: a lost wakeup hangs (watchdog), a
 *    torn buffer update breaks the sum.
 * 2. Broadcast rounds: NWAIT threads wait for a new generation; main bumps
 *    it and broadcasts while holding the mutex, ROUNDS times, only once all
 *    of them sleep.  Broadcast requeues all but one onto the mutex word, so
 *    this drives the requeue chain (docs/cond.md): each waiter must see
 *    every generation.
 * 3. Destroy right after broadcast, mutex still held (docs/cond.md, C3):
 *    destroy must return although requeued waiters sleep on the mutex, and
 *    nothing may write to the condvar's memory afterwards (it is filled
 *    with a pattern that must survive until every waiter has left).
 */
#include "stress.h"

#define CAP 4
#define NPROD 2
#define NCONS 2
#define NWAIT 3

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long buf[CAP];
static int head, count, producers_left = NPROD;
static long items;
static long taken_sum, taken_n;

static void *producer(void *arg)
{
	(void)arg;
	for (long v = 1; v <= items; v++) {
		OK(pthread_mutex_lock(&m));
		while (count == CAP)
			OK(pthread_cond_wait(&not_full, &m));
		buf[(head + count) % CAP] = v;
		count++;
		OK(pthread_cond_signal(&not_empty));
		OK(pthread_mutex_unlock(&m));
	}
	OK(pthread_mutex_lock(&m));
	if (--producers_left == 0)
		OK(pthread_cond_broadcast(&not_empty)); /* consumers may stop */
	OK(pthread_mutex_unlock(&m));
	return 0;
}

static void *consumer(void *arg)
{
	(void)arg;
	long sum = 0, n = 0;
	for (;;) {
		OK(pthread_mutex_lock(&m));
		while (count == 0 && producers_left > 0)
			OK(pthread_cond_wait(&not_empty, &m));
		if (count == 0) {
			OK(pthread_mutex_unlock(&m));
			break;
		}
		sum += buf[head];
		head = (head + 1) % CAP;
		count--;
		n++;
		OK(pthread_cond_signal(&not_full));
		OK(pthread_mutex_unlock(&m));
	}
	OK(pthread_mutex_lock(&m));
	taken_sum += sum;
	taken_n += n;
	OK(pthread_mutex_unlock(&m));
	return 0;
}

static void producer_consumer(void)
{
	pthread_t p[NPROD], c[NCONS];
	items = stress_scale(20000);
	for (int i = 0; i < NCONS; i++)
		spawn(&c[i], consumer, 0);
	for (int i = 0; i < NPROD; i++)
		spawn(&p[i], producer, 0);
	for (int i = 0; i < NPROD; i++)
		OK(pthread_join(p[i], 0));
	for (int i = 0; i < NCONS; i++)
		OK(pthread_join(c[i], 0));
	long want = NPROD * (items * (items + 1) / 2);
	CHECK(taken_n == NPROD * items && taken_sum == want,
	      "taken %ld values summing to %ld, expected %ld summing to %ld",
	      taken_n, taken_sum, NPROD * items, want);
	printf("ok: producer/consumer    %d x %ld items through %d slots, sum %ld\n",
	       NPROD, items, CAP, taken_sum);
}

/* ---------------------------------------------------- broadcast rounds */

static pthread_cond_t gen_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t all_asleep = PTHREAD_COND_INITIALIZER;
static long gen, rounds;
static int nwaiting;
static long seen[NWAIT];

static void *gen_waiter(void *arg)
{
	long me = (long)arg, mine = 0;
	OK(pthread_mutex_lock(&m));
	while (mine < rounds) {
		nwaiting++;
		if (nwaiting == NWAIT)
			OK(pthread_cond_signal(&all_asleep));
		while (gen == mine)
			OK(pthread_cond_wait(&gen_cv, &m));
		CHECK(gen == mine + 1, "waiter %ld skipped from %ld to %ld", me,
		      mine, gen);
		mine = gen;
		seen[me]++;
	}
	OK(pthread_mutex_unlock(&m));
	return 0;
}

static void broadcast_rounds(void)
{
	pthread_t t[NWAIT];
	rounds = stress_scale(300);
	for (long i = 0; i < NWAIT; i++)
		spawn(&t[i], gen_waiter, (void *)i);
	for (long r = 0; r < rounds; r++) {
		OK(pthread_mutex_lock(&m));
		while (nwaiting < NWAIT)
			OK(pthread_cond_wait(&all_asleep, &m));
		nwaiting = 0;
		gen++;
		OK(pthread_cond_broadcast(&gen_cv));
		OK(pthread_mutex_unlock(&m));
	}
	for (int i = 0; i < NWAIT; i++)
		OK(pthread_join(t[i], 0));
	for (int i = 0; i < NWAIT; i++)
		CHECK(seen[i] == rounds, "waiter %d saw %ld of %ld generations",
		      i, seen[i], rounds);
	printf("ok: broadcast rounds     %d waiters x %ld generations\n", NWAIT,
	       rounds);
}

/* ------------------------------------------- destroy after broadcast */

#define PATTERN 0xa5
static union {
	pthread_cond_t c;
	unsigned char bytes[sizeof(pthread_cond_t)];
} dying;
static int go, ready;

static void *dying_waiter(void *arg)
{
	(void)arg;
	OK(pthread_mutex_lock(&m));
	ready++;
	if (ready == NWAIT)
		OK(pthread_cond_signal(&all_asleep));
	while (!go)
		OK(pthread_cond_wait(&dying.c, &m));
	OK(pthread_mutex_unlock(&m));
	return 0;
}

static void destroy_after_broadcast(void)
{
	long n = stress_scale(100);
	for (long r = 0; r < n; r++) {
		pthread_t t[NWAIT];
		OK(pthread_cond_init(&dying.c, 0));
		go = ready = 0;
		for (int i = 0; i < NWAIT; i++)
			spawn(&t[i], dying_waiter, 0);
		OK(pthread_mutex_lock(&m));
		while (ready < NWAIT)
			OK(pthread_cond_wait(&all_asleep, &m));
		go = 1;
		OK(pthread_cond_broadcast(&dying.c));
		OK(pthread_cond_destroy(&dying.c)); /* mutex held */
		memset(dying.bytes, PATTERN, sizeof dying.bytes);
		OK(pthread_mutex_unlock(&m));
		for (int i = 0; i < NWAIT; i++)
			OK(pthread_join(t[i], 0));
		for (size_t i = 0; i < sizeof dying.bytes; i++)
			CHECK(dying.bytes[i] == PATTERN,
			      "round %ld: condvar byte %zu written after destroy",
			      r, i);
	}
	printf("ok: destroy after bcast  %ld rounds of %d waiters, mutex held\n",
	       n, NWAIT);
}

int main(void)
{
	stress_begin("cond_prodcons", 120);
	producer_consumer();
	broadcast_rounds();
	destroy_after_broadcast();
	return 0;
}
