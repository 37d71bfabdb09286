/* pthread_rwlock_wrlock blocks while another writer holds the lock and returns 0 once it
 * is released.  POSIX.1-2017 pthread_rwlock_wrlock, DESCRIPTION ("The
 * calling thread acquires the write lock if no thread (reader or writer)
 * holds the read-write lock ... Otherwise ... it shall block"). */
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
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, writer, 0);
	if (!conf_bg_blocked(&b))
		FAIL("wrlock returned %s while the lock was held",
		     conf_err(b.ret));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the writer was not released by unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
