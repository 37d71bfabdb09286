/* A writer that timed out does not leave the lock blocked: readers that
 * queued behind it, and later writers, still get in.  POSIX.1-2017
 * pthread_rwlock_timedwrlock, DESCRIPTION (a timed-out call does not
 * acquire the lock). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int timed(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 100);
	return pthread_rwlock_timedwrlock(&rw, &abs);
}

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg t, r;
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&t, timed, 0);
	EXPECT(conf_bg_join(&t), ETIMEDOUT);
	conf_bg_start(&r, reader, 0);
	if (!conf_bg_wait(&r, CONF_PATIENCE_MS))
		FAIL("a reader blocked after the writer gave up");
	EXPECT(conf_bg_join(&r), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
