/* pthread_rwlock_tryrdlock of a free lock returns 0 and holds it for
 * reading.  POSIX.1-2017 pthread_rwlock_tryrdlock, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_write(void *arg)
{
	return pthread_rwlock_trywrlock(&rw);
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_rwlock_tryrdlock(&rw), 0);
	conf_bg_start(&b, try_write, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
