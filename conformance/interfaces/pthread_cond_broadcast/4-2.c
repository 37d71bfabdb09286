/* Threads released by pthread_cond_broadcast with a recursive mutex each
 * return owning it (once, as they locked it), one at a time.
 * POSIX.1-2017 pthread_cond_broadcast, DESCRIPTION, and pthread_cond_wait
 * ("the mutex shall have been locked and shall be owned by the calling
 * thread"). */
#include "conf.h"

#define WAITERS 4
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
	r = pthread_mutex_unlock(&m);
	if (r)
		return r;
	return pthread_mutex_unlock(&m) == EPERM ? 0 : -1;
}

int main(void)
{
	struct conf_bg b[WAITERS];
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
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
