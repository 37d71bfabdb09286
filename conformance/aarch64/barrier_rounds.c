/* Barrier rounds: NTHREADS threads meet ROUNDS times.  Before each wait a
 * thread writes the round number into its slot; after the wait it checks
 * that every slot holds that round (nobody left before everybody arrived,
 * and the slots written before the barrier are visible after it: the
 * barrier orders memory).  Slots alternate between two rows, so a thread
 * already in the next round cannot disturb the check.  Exactly one thread
 * per round gets PTHREAD_BARRIER_SERIAL_THREAD.
 *
 * Then the destroy case (docs/barrier.md): the serial thread of the last
 * round destroys the barrier at once, while the others may still be on
 * their way out of pthread_barrier_wait, and fills its memory with a
 * pattern that must survive until they have all left.
 */
#include "stress.h"

#define NTHREADS 4
#define PATTERN 0x5a

static union {
	pthread_barrier_t b;
	unsigned char bytes[sizeof(pthread_barrier_t)];
} bar;
static long rounds;
static volatile long slot[2][NTHREADS];
static long serial_total;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int destroy_at_end;

static void *worker(void *arg)
{
	long me = (long)arg;
	for (long r = 1; r <= rounds; r++) {
		slot[r & 1][me] = r;
		int ret = pthread_barrier_wait(&bar.b);
		CHECK(ret == 0 || ret == PTHREAD_BARRIER_SERIAL_THREAD,
		      "barrier_wait: %s", strerror(ret));
		for (int i = 0; i < NTHREADS; i++)
			CHECK(slot[r & 1][i] == r,
			      "round %ld: thread %d's slot says %ld", r, i,
			      slot[r & 1][i]);
		if (ret == PTHREAD_BARRIER_SERIAL_THREAD) {
			OK(pthread_mutex_lock(&count_lock));
			serial_total++;
			OK(pthread_mutex_unlock(&count_lock));
			if (destroy_at_end && r == rounds) {
				OK(pthread_barrier_destroy(&bar.b));
				memset(bar.bytes, PATTERN, sizeof bar.bytes);
			}
		}
	}
	return 0;
}

static void run(int destroy, long n)
{
	pthread_t t[NTHREADS];
	rounds = n;
	serial_total = 0;
	destroy_at_end = destroy;
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < NTHREADS; j++)
			slot[i][j] = 0;
	OK(pthread_barrier_init(&bar.b, 0, NTHREADS));
	for (long i = 0; i < NTHREADS; i++)
		spawn(&t[i], worker, (void *)i);
	for (int i = 0; i < NTHREADS; i++)
		OK(pthread_join(t[i], 0));
	CHECK(serial_total == rounds, "%ld serial threads in %ld rounds",
	      serial_total, rounds);
	if (destroy) {
		for (size_t i = 0; i < sizeof bar.bytes; i++)
			CHECK(bar.bytes[i] == PATTERN,
			      "barrier byte %zu written after destroy", i);
	} else {
		OK(pthread_barrier_destroy(&bar.b));
	}
}

int main(void)
{
	stress_begin("barrier_rounds", 120);
	long n = stress_scale(2000);
	run(0, n);
	printf("ok: barrier rounds       %d threads x %ld rounds, one serial each\n",
	       NTHREADS, n);
	long d = stress_scale(200);
	for (long i = 0; i < d; i++)
		run(1, 3);
	printf("ok: destroy by serial    %ld barriers destroyed as the last round ends\n",
	       d);
	return 0;
}
