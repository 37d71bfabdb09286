/* pthread_rwlock_timedrdlock returns 0 when the writer unlocks before
 * abstime.  POSIX.1-2017 pthread_rwlock_timedrdlock, DESCRIPTION. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int timed(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 8000);
	int r = pthread_rwlock_timedrdlock(&rw, &abs);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_blocked(&b))
		FAIL("timedrdlock returned %s while a writer held the lock",
		     conf_err(b.ret));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the reader was not released");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
