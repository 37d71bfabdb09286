/* Several threads hold the read lock at the same time: a second reader
 * gets it at once while the first still holds it.  POSIX.1-2017
 * pthread_rwlock_rdlock, DESCRIPTION. */
#include "conf.h"

#define READERS 4
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int holding, release;

static void *reader(void *arg)
{
	if (pthread_rwlock_rdlock(&rw))
		return (void *)1;
	__atomic_add_fetch(&holding, 1, __ATOMIC_SEQ_CST);
	while (!release)
		conf_msleep(1);
	return pthread_rwlock_unlock(&rw) ? (void *)2 : 0;
}

int main(void)
{
	pthread_t t[READERS];
	for (int i = 0; i < READERS; i++)
		t[i] = conf_thread(reader, 0);
	for (int w = 0; holding < READERS; w++) {
		if (w > CONF_PATIENCE_MS)
			FAIL("only %d of %d readers got the lock together",
			     holding, READERS);
		conf_msleep(1);
	}
	release = 1;
	for (int i = 0; i < READERS; i++)
		if (conf_join(t[i]))
			FAIL("reader %d failed", i);
	PASS();
}
