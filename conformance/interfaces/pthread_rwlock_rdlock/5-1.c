/* pthread_rwlock_rdlock by the thread that holds the write lock returns
 * EDEADLK (glibc implements this optional error).  POSIX.1-2017
 * pthread_rwlock_rdlock, ERRORS ("may fail" [EDEADLK] "the current thread
 * already owns the read-write lock for writing"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int write_then_read(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r)
		return -r;
	return pthread_rwlock_rdlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	conf_bg_start(&b, write_then_read, 0);
	if (conf_bg_blocked(&b))
		UNSUPPORTED("read lock while holding the write lock is not "
			    "detected (deadlock)");
	if (b.ret < 0)
		UNRESOLVED("wrlock returned %s", conf_err(-b.ret));
	EXPECT(b.ret, EDEADLK);
	PASS();
}
