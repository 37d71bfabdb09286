/* Releasing the last read lock lets a blocked writer in.  POSIX.1-2017
 * pthread_rwlock_unlock, DESCRIPTION. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_rdlock(&rw));
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&b, writer, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the writer did not block");
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	conf_msleep(30);
	if (b.done)
		FAIL("the writer got in while a read lock was still held");
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the writer was not released by the last unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
