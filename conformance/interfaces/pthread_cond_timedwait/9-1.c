/* A process-shared condition variable times out in
 * pthread_cond_timedwait with a process-shared mutex.  POSIX.1-2017
 * pthread_cond_timedwait, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	struct { pthread_mutex_t m; pthread_cond_t c; } *s =
		conf_shared(sizeof *s);
	pthread_condattr_t ca;
	conf_mutex(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_condattr_init(&ca));
	SETUP(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_cond_init(&s->c, &ca));
	SETUP(pthread_mutex_lock(&s->m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 100);
	int r;
	while ((r = pthread_cond_timedwait(&s->c, &s->m, &abs)) == 0)
		;
	EXPECT(r, ETIMEDOUT);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs))
		FAIL("timed out before abstime");
	EXPECT(pthread_mutex_unlock(&s->m), 0);
	PASS();
}
