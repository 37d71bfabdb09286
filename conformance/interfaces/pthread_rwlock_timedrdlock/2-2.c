/* pthread_rwlock_timedrdlock of a write-held lock with an abstime in the
 * past returns ETIMEDOUT promptly.  POSIX.1-2017
 * pthread_rwlock_timedrdlock, ERRORS ([ETIMEDOUT]). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int timed(void *arg)
{
	struct timespec past = conf_abs(CLOCK_REALTIME, -1000);
	return pthread_rwlock_timedrdlock(&rw, &past);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("timedrdlock with a past abstime did not return");
	EXPECT(conf_bg_join(&b), ETIMEDOUT);
	PASS();
}
