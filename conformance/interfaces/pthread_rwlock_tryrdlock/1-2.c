/* pthread_rwlock_tryrdlock succeeds while other threads hold read locks.
 * POSIX.1-2017 pthread_rwlock_tryrdlock, DESCRIPTION. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_read(void *arg)
{
	int r = pthread_rwlock_tryrdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&b, try_read, 0);
	EXPECT(conf_bg_join(&b), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
