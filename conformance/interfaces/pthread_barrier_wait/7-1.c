/* glibc: the GLIBC_2.2.5 version of pthread_barrier_wait (what binaries
 * linked before glibc 2.34 call) synchronises with the current one on the
 * same barrier.  glibc compatibility symbol. */
#include "conf.h"

#ifdef __GLIBC__
extern int old_wait(pthread_barrier_t *);
CONF_COMPAT_SYMBOL(old_wait, pthread_barrier_wait, GLIBC_2.2.5);

static pthread_barrier_t b;

static int waiter(void *arg)
{
	return old_wait(&b);
}

int main(void)
{
	struct conf_bg w;
	SETUP(pthread_barrier_init(&b, NULL, 2));
	conf_bg_start(&w, waiter, 0);
	if (!conf_bg_blocked(&w))
		FAIL("the old-version waiter passed alone");
	int r = pthread_barrier_wait(&b);
	int o = conf_bg_join(&w);
	if (r + o != PTHREAD_BARRIER_SERIAL_THREAD || (r && o))
		FAIL("wait returned %d and %d", r, o);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
