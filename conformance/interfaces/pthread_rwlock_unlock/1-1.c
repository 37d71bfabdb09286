/* pthread_rwlock_unlock of a write lock returns 0 and frees the lock.
 * POSIX.1-2017 pthread_rwlock_unlock, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_write(void *arg)
{
	int r = pthread_rwlock_trywrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_wrlock(&rw));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	conf_bg_start(&b, try_write, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
