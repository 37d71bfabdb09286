/* pthread_rwlock_trywrlock of a free lock returns 0 and holds it
 * exclusively.  POSIX.1-2017 pthread_rwlock_trywrlock, DESCRIPTION and
 * RETURN VALUE. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_read(void *arg)
{
	return pthread_rwlock_tryrdlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	conf_bg_start(&b, try_read, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
