/* Writers exclude each other: four threads incrementing a plain counter
 * under the write lock lose no update.  POSIX.1-2017
 * pthread_rwlock_wrlock, DESCRIPTION. */
#include "conf.h"

#define THREADS 4
#define ROUNDS 10000
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile long counter;
static volatile int inside;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_rwlock_wrlock(&rw))
			return (void *)1;
		if (inside++)
			return (void *)2;
		counter = counter + 1;
		inside--;
		if (pthread_rwlock_unlock(&rw))
			return (void *)3;
	}
	return 0;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		t[i] = conf_thread(worker, 0);
	for (int i = 0; i < THREADS; i++)
		if (conf_join(t[i]))
			FAIL("worker %d saw two writers at once or an error", i);
	EXPECT_EQ(counter, (long)THREADS * ROUNDS);
	PASS();
}
