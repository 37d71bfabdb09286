/* pthread_cond_wait with an error-checking mutex held by another thread returns EPERM.  POSIX.1-2017 pthread_cond_wait,
 * ERRORS ([EPERM] "The mutex type is PTHREAD_MUTEX_ERRORCHECK or the mutex
 * is a robust mutex, and the current thread does not own the mutex"). */
#include "conf.h"

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static int wait_other(void *arg)
{
	return pthread_cond_wait(&c, &m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex(&m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
		   0, PTHREAD_PROCESS_PRIVATE);
	if (1)
		SETUP(pthread_mutex_lock(&m));
	conf_bg_start(&b, wait_other, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("pthread_cond_wait blocked without owning the mutex");
	EXPECT(conf_bg_join(&b), EPERM);
	PASS();
}
