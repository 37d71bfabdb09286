/* pthread_spin_lock of a lock held by another thread does not return
 * until the holder unlocks; then it returns 0.  POSIX.1-2017
 * pthread_spin_lock, DESCRIPTION ("If the lock is not available, the
 * calling thread shall not return ... until the lock is acquired"). */
#include "conf.h"

static pthread_spinlock_t s;

static int spinner(void *arg)
{
	int r = pthread_spin_lock(&s);
	if (r == 0)
		r = pthread_spin_unlock(&s);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	SETUP(pthread_spin_lock(&s));
	conf_bg_start(&b, spinner, 0);
	if (conf_bg_wait(&b, 100))
		FAIL("spin_lock returned %s while another thread held it",
		     conf_err(b.ret));
	EXPECT(pthread_spin_unlock(&s), 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the spinner did not get the lock after unlock");
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
