/* pthread_cond_wait works with a robust mutex that stays consistent:
 * released while waiting, owned again on return.  POSIX.1-2017
 * pthread_cond_wait, DESCRIPTION. */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = pthread_cond_wait(&c, &m);
	if (r)
		return r;
	return pthread_mutex_unlock(&m);
}

int main(void)
{
	struct conf_bg b[3];
	conf_mutex_robust(&m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 3; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d did not block: %s", i,
			     conf_err(b[i].ret));
	}
	EXPECT(pthread_mutex_trylock(&m), 0);
	ready = 1;
	SETUP(pthread_cond_broadcast(&c));
	SETUP(pthread_mutex_unlock(&m));
	for (int i = 0; i < 3; i++)
		EXPECT(conf_bg_join(&b[i]), 0);
	PASS();
}
