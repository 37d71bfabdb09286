/* pthread_spin_trylock of a spin lock held by another thread returns
 * EBUSY at once.  POSIX.1-2017 pthread_spin_trylock, ERRORS ([EBUSY] "A
 * thread currently holds the lock"). */
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
	SETUP(pthread_spin_lock(&s));
	conf_bg_start(&b, try_other, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("trylock did not return");
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_spin_unlock(&s), 0);
	PASS();
}
