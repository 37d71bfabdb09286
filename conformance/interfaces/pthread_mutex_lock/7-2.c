/* Threads blocked on a robust mutex when its state becomes unrecoverable
 * all return ENOTRECOVERABLE.  POSIX.1-2017 pthread_mutex_lock, ERRORS
 * ([ENOTRECOVERABLE]). */
#include "conf.h"

static pthread_mutex_t m;

static int waiter(void *arg)
{
	return pthread_mutex_lock(&m);
}

int main(void)
{
	struct conf_bg b[2];
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	for (int i = 0; i < 2; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d returned %s while the mutex was held",
			     i, conf_err(b[i].ret));
	}
	SETUP(pthread_mutex_unlock(&m));
	for (int i = 0; i < 2; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("waiter %d still blocked on an unrecoverable "
			     "mutex", i);
		EXPECT(conf_bg_join(&b[i]), ENOTRECOVERABLE);
	}
	PASS();
}
