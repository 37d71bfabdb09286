/* Mutual exclusion with mtx_lock: threads incrementing a plain counter
 * lose no update.  C11 7.26.4.3. */
#define CONF_WANT_C11
#include "conf.h"

#define THREADS 4
#define ROUNDS 20000
static mtx_t m;
static volatile long counter;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (mtx_lock(&m) != thrd_success)
			return (void *)1;
		counter = counter + 1;
		if (mtx_unlock(&m) != thrd_success)
			return (void *)2;
	}
	return 0;
}

int main(void)
{
	pthread_t t[THREADS];
	SETUP_THRD(mtx_init(&m, mtx_plain));
	for (int i = 0; i < THREADS; i++)
		t[i] = conf_thread(worker, 0);
	for (int i = 0; i < THREADS; i++)
		if (conf_join(t[i]))
			FAIL("worker %d failed", i);
	EXPECT_EQ(counter, (long)THREADS * ROUNDS);
	PASS();
}
