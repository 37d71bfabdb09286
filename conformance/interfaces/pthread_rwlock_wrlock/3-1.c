/* pthread_rwlock_wrlock by the thread already holding the write lock
 * returns EDEADLK (glibc implements this optional error).  POSIX.1-2017
 * pthread_rwlock_wrlock, ERRORS ("may fail" [EDEADLK] "the current thread
 * already owns the read-write lock for writing or reading"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int relock(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r)
		return -r;
	return pthread_rwlock_wrlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	conf_bg_start(&b, relock, 0);
	if (conf_bg_blocked(&b))
		UNSUPPORTED("write relock is not detected (deadlock)");
	if (b.ret < 0)
		UNRESOLVED("first wrlock returned %s", conf_err(-b.ret));
	EXPECT(b.ret, EDEADLK);
	PASS();
}
