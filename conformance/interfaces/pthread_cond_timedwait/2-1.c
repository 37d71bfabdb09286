/* After ETIMEDOUT the mutex has been re-acquired by the caller.
 * POSIX.1-2017 pthread_cond_timedwait, DESCRIPTION ("When such timeouts
 * occur, pthread_cond_timedwait() shall nonetheless release and
 * re-acquire the mutex"). */
#include "conf.h"

static pthread_mutex_t m;

static int try_other(void *arg)
{
	return pthread_mutex_trylock(&m);
}

int main(void)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct conf_bg b;
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 50);
	int r;
	while ((r = pthread_cond_timedwait(&c, &m, &abs)) == 0)
		;
	EXPECT(r, ETIMEDOUT);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
