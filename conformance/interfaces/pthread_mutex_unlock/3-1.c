/* pthread_mutex_unlock of an error-checking mutex held by another thread returns EPERM.  POSIX.1-2017
 * pthread_mutex_unlock, ERRORS ([EPERM] "The mutex type is
 * PTHREAD_MUTEX_ERRORCHECK or PTHREAD_MUTEX_RECURSIVE, or the mutex is a
 * robust mutex, and the current thread does not own the mutex"). */
#include "conf.h"

static pthread_mutex_t m;

static int unlock_other(void *arg)
{
	return pthread_mutex_unlock(&m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex(&m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
		   0, PTHREAD_PROCESS_PRIVATE);
	if (1) {
		SETUP(pthread_mutex_lock(&m));
		conf_bg_start(&b, unlock_other, 0);
		EXPECT(conf_bg_join(&b), EPERM);
		EXPECT(pthread_mutex_unlock(&m), 0);
	} else {
		EXPECT(pthread_mutex_unlock(&m), EPERM);
	}
	PASS();
}
