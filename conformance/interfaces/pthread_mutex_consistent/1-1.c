/* After EOWNERDEAD, pthread_mutex_consistent returns 0 and the mutex can
 * be unlocked and used normally afterwards.  POSIX.1-2017
 * pthread_mutex_consistent, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_mutex_t m;

static int lock_other(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	conf_bg_start(&b, lock_other, 0);
	EXPECT(conf_bg_join(&b), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
