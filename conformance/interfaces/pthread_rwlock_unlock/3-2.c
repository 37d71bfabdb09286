/* Releasing a write lock with both readers and a writer blocked lets them
 * all through eventually (no waiter is left asleep).  POSIX.1-2017
 * pthread_rwlock_unlock, DESCRIPTION. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b[4];
	SETUP(pthread_rwlock_wrlock(&rw));
	for (int i = 0; i < 4; i++) {
		conf_bg_start(&b[i], i == 2 ? writer : reader, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("thread %d got in past the writer", i);
	}
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	for (int i = 0; i < 4; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("thread %d was never released", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
	PASS();
}
