/* pthread_rwlock_rdlock blocks while a writer holds the lock and returns 0
 * once it is unlocked.  POSIX.1-2017 pthread_rwlock_rdlock, DESCRIPTION
 * ("The calling thread acquires the read lock if a writer does not hold
 * the lock"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, reader, 0);
	if (!conf_bg_blocked(&b))
		FAIL("rdlock returned %s while a writer held the lock",
		     conf_err(b.ret));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the reader was not released by the writer's unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
