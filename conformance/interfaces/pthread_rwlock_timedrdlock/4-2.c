/* pthread_rwlock_timedrdlock that would block, with a tv_nsec less than zero,
 * returns EINVAL.  POSIX.1-2017 pthread_rwlock_timedrdlock, ERRORS
 * ([EINVAL] "The abs_timeout nanosecond value is less than zero or
 * greater than or equal to 1000 million"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int timed(void *arg)
{
	struct timespec bad = conf_abs(CLOCK_REALTIME, 2000);
	bad.tv_nsec = -1;
	return pthread_rwlock_timedrdlock(&rw, &bad);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("timedrdlock with an invalid abstime did not return");
	EXPECT(conf_bg_join(&b), EINVAL);
	PASS();
}
