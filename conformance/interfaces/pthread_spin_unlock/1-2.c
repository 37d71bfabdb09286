/* pthread_spin_unlock lets one of the threads spinning on the lock take
 * it, and in turn all of them.  POSIX.1-2017 pthread_spin_unlock,
 * DESCRIPTION ("If there are threads spinning on the lock ... one of these
 * threads shall acquire the lock"). */
#include "conf.h"

#define SPINNERS 2
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
	struct conf_bg b[SPINNERS];
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	SETUP(pthread_spin_lock(&s));
	for (int i = 0; i < SPINNERS; i++)
		conf_bg_start(&b[i], spinner, 0);
	conf_msleep(50);
	for (int i = 0; i < SPINNERS; i++)
		if (b[i].done)
			FAIL("spinner %d got the held lock", i);
	EXPECT(pthread_spin_unlock(&s), 0);
	for (int i = 0; i < SPINNERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("spinner %d never got the lock", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
	PASS();
}
