/* pthread_cond_broadcast called without holding the mutex still wakes all
 * waiters.  POSIX.1-2017 pthread_cond_broadcast, DESCRIPTION. */
#include "conf.h"

#define WAITERS 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b[WAITERS];
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d did not block", i);
	}
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_cond_broadcast(&c), 0);
	for (int i = 0; i < WAITERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("waiter %d was not woken", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
	PASS();
}
