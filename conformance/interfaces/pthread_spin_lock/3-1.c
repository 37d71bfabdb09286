/* Mutual exclusion: threads incrementing a plain counter under a spin lock
 * lose no update.  POSIX.1-2017 pthread_spin_lock, DESCRIPTION. */
#include "conf.h"

#define THREADS 3
#define ROUNDS 20000
static pthread_spinlock_t s;
static volatile long counter;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_spin_lock(&s))
			return (void *)1;
		counter = counter + 1;
		if (pthread_spin_unlock(&s))
			return (void *)2;
	}
	return 0;
}

int main(void)
{
	pthread_t t[THREADS];
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	for (int i = 0; i < THREADS; i++)
		t[i] = conf_thread(worker, 0);
	for (int i = 0; i < THREADS; i++)
		if (conf_join(t[i]))
			FAIL("worker %d failed", i);
	EXPECT_EQ(counter, (long)THREADS * ROUNDS);
	PASS();
}
