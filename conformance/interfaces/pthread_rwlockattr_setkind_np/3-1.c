/* glibc: with PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP a new reader
 * does not get in while a writer waits (tryrdlock EBUSY, timedrdlock
 * ETIMEDOUT), and gets in after the writer is done.  glibc extension. */
#include "conf.h"

#ifndef __GLIBC__
int main(void)
{
	UNSUPPORTED("glibc extension");
}
#else
static pthread_rwlock_t rw;

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

static int try_read(void *arg)
{
	int r = pthread_rwlock_tryrdlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

static int timed_read(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 100);
	int r = pthread_rwlock_timedrdlock(&rw, &abs);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	pthread_rwlockattr_t a;
	struct conf_bg w, r;
	SETUP(pthread_rwlockattr_init(&a));
	SETUP(pthread_rwlockattr_setkind_np(&a,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP));
	SETUP(pthread_rwlock_init(&rw, &a));
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&w, writer, 0);
	if (!conf_bg_blocked(&w))
		UNRESOLVED("the writer did not block");
	conf_bg_start(&r, try_read, 0);
	EXPECT(conf_bg_join(&r), EBUSY);
	conf_bg_start(&r, timed_read, 0);
	EXPECT(conf_bg_join(&r), ETIMEDOUT);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(conf_bg_join(&w), 0);
	conf_bg_start(&r, try_read, 0);
	EXPECT(conf_bg_join(&r), 0);
	PASS();
}
#endif
