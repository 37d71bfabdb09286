/* Optional: pthread_rwlock_wrlock by a thread that holds a read lock is
 * detected with EDEADLK.  POSIX.1-2017 pthread_rwlock_wrlock, ERRORS
 * ("may fail" [EDEADLK] "... for writing or reading"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int upgrade(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r)
		return -r;
	return pthread_rwlock_wrlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	conf_bg_start(&b, upgrade, 0);
	if (conf_bg_blocked(&b))
		UNSUPPORTED("read-to-write upgrade is not detected (deadlock)");
	if (b.ret < 0)
		UNRESOLVED("rdlock returned %s", conf_err(-b.ret));
	EXPECT(b.ret, EDEADLK);
	PASS();
}
