/* pthread_spin_unlock returns 0 and frees the lock for another thread.
 * POSIX.1-2017 pthread_spin_unlock, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_spinlock_t s;

static int try_other(void *arg)
{
	int r = pthread_spin_trylock(&s);
	if (r == 0)
		r = pthread_spin_unlock(&s);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	SETUP(pthread_spin_lock(&s));
	EXPECT(pthread_spin_unlock(&s), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
