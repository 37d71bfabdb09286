/* Threads released by pthread_cond_broadcast return one at a time, each
 * owning the mutex.  POSIX.1-2017 pthread_cond_broadcast, DESCRIPTION
 * ("the threads that are unblocked shall contend for the mutex"), and
 * pthread_cond_wait ("upon successful return, the mutex shall have been
 * locked and shall be owned by the calling thread"). */
#include "conf.h"

#define WAITERS 6
static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready, inside, overlaps;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	if (r)
		return r;
	if (inside++)
		overlaps++;
	conf_msleep(2);
	inside--;
	return pthread_mutex_unlock(&m);
}

int main(void)
{
	struct conf_bg b[WAITERS];
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d did not block", i);
	}
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	EXPECT(pthread_cond_broadcast(&c), 0);
	SETUP(pthread_mutex_unlock(&m));
	for (int i = 0; i < WAITERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("waiter %d was not woken", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
	EXPECT_EQ(overlaps, 0);
	PASS();
}
