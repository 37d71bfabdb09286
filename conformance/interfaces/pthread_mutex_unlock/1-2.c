/* When threads are blocked on the mutex, pthread_mutex_unlock makes it
 * available and one of them acquires it; repeated unlocks release every
 * blocked thread in turn.  POSIX.1-2017 pthread_mutex_unlock,
 * DESCRIPTION. */
#include "conf.h"

#define WAITERS 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static volatile int acquired;

static int locker(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r)
		return r;
	acquired++;
	return pthread_mutex_unlock(&m);
}

int main(void)
{
	struct conf_bg b[WAITERS];
	SETUP(pthread_mutex_lock(&m));
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], locker, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("locker %d did not block", i);
	}
	EXPECT(pthread_mutex_unlock(&m), 0);
	for (int i = 0; i < WAITERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("locker %d was never released", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
	EXPECT_EQ(acquired, WAITERS);
	PASS();
}
