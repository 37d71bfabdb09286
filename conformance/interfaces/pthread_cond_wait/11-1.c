/* Once every waiter has returned, a condition variable may be used with a
 * different mutex: waits and broadcasts with mutex A, then with mutex B,
 * all complete.  POSIX.1-2017 pthread_cond_wait, DESCRIPTION ("a dynamic
 * binding ... between that mutex and condition variable ... is removed
 * when the last thread waiting ... is unblocked"). */
#include "conf.h"

#define WAITERS 3
static pthread_mutex_t ma = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mb = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	pthread_mutex_t *m = arg;
	int r = pthread_mutex_lock(m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, m);
	pthread_mutex_unlock(m);
	return r;
}

static void round_with(pthread_mutex_t *m, const char *name)
{
	struct conf_bg b[WAITERS];
	SETUP(pthread_mutex_lock(m));
	ready = 0;
	SETUP(pthread_mutex_unlock(m));
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, m);
		if (!conf_bg_blocked(&b[i]))
			FAIL("%s: waiter %d did not block", name, i);
	}
	SETUP(pthread_mutex_lock(m));
	ready = 1;
	EXPECT(pthread_cond_broadcast(&c), 0);
	SETUP(pthread_mutex_unlock(m));
	for (int i = 0; i < WAITERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("%s: waiter %d was not woken", name, i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
}

int main(void)
{
	round_with(&ma, "mutex A");
	round_with(&mb, "mutex B");
	round_with(&ma, "mutex A again");
	PASS();
}
