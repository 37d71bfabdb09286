/* pthread_spin_lock of a free spin lock returns 0 and the caller holds it:
 * another thread's trylock fails with EBUSY.  POSIX.1-2017
 * pthread_spin_lock, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_spinlock_t s;

static int try_other(void *arg)
{
	return pthread_spin_trylock(&s);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	EXPECT(pthread_spin_lock(&s), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_spin_unlock(&s), 0);
	PASS();
}
