/* Mutual exclusion: four threads incrementing a plain counter under the
 * mutex lose no update.  POSIX.1-2017 pthread_mutex_lock, DESCRIPTION. */
#include "conf.h"

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;
static volatile int inside;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_mutex_lock(&m))
			return (void *)1;
		if (inside++)
			return (void *)2;
		counter = counter + 1;
		inside--;
		if (pthread_mutex_unlock(&m))
			return (void *)3;
	}
	return 0;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		t[i] = conf_thread(worker, 0);
	for (int i = 0; i < THREADS; i++) {
		void *r = conf_join(t[i]);
		if (r)
			FAIL("worker %d failed (%ld): two owners at once or an "
			     "error", i, (long)r);
	}
	EXPECT_EQ(counter, (long)THREADS * ROUNDS);
	PASS();
}
