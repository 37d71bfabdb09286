/* pthread_rwlock_wrlock of a free lock returns 0 and holds it exclusively:
 * neither readers nor writers get in.  POSIX.1-2017 pthread_rwlock_wrlock,
 * DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_both(void *arg)
{
	int r = pthread_rwlock_tryrdlock(&rw);
	if (r != EBUSY)
		return r ? r : -1;
	r = pthread_rwlock_trywrlock(&rw);
	return r == EBUSY ? 0 : (r ? r : -2);
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	conf_bg_start(&b, try_both, 0);
	if (conf_bg_join(&b) != 0)
		FAIL("another thread got in while the write lock was held");
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
