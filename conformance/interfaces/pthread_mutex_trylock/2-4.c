/* pthread_mutex_trylock of a robust or priority-inheritance mutex held by
 * another thread returns EBUSY.  POSIX.1-2017 pthread_mutex_trylock,
 * ERRORS ([EBUSY]). */
#include "conf.h"

static pthread_mutex_t m[2];

static int try_other(void *arg)
{
	return pthread_mutex_trylock(arg);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m[0], PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_mutex(&m[1], PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 2; i++) {
		SETUP(pthread_mutex_lock(&m[i]));
		conf_bg_start(&b, try_other, &m[i]);
		EXPECT(conf_bg_join(&b), EBUSY);
		EXPECT(pthread_mutex_trylock(&m[i]), EBUSY);
		SETUP(pthread_mutex_unlock(&m[i]));
	}
	PASS();
}
