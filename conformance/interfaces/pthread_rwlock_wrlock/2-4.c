/* Readers and writers exclude each other: readers never see a half-done
 * update made under the write lock.  POSIX.1-2017 pthread_rwlock_wrlock
 * and pthread_rwlock_rdlock, DESCRIPTION. */
#include "conf.h"

#define ROUNDS 3000
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile long a, b;

static void *writer(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_rwlock_wrlock(&rw))
			return (void *)1;
		a = a + 1;
		sched_yield();
		b = b + 1;
		if (pthread_rwlock_unlock(&rw))
			return (void *)2;
	}
	return 0;
}

static void *reader(void *arg)
{
	/* Bounded, so a reader-preferring lock cannot starve the writer
	 * for ever. */
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_rwlock_rdlock(&rw))
			return (void *)1;
		long x = a, y = b;
		pthread_rwlock_unlock(&rw);
		if (x != y)
			return (void *)3;
	}
	return 0;
}

int main(void)
{
	pthread_t r[2], w = conf_thread(writer, 0);
	for (int i = 0; i < 2; i++)
		r[i] = conf_thread(reader, 0);
	void *wr = conf_join(w);
	for (int i = 0; i < 2; i++)
		if (conf_join(r[i]))
			FAIL("reader %d saw a partial update or failed", i);
	if (wr)
		FAIL("writer failed");
	PASS();
}
