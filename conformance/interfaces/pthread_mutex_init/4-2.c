/* glibc: PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP gives an error-checking
 * mutex: relock is EDEADLK, unlock by a non-owner is EPERM.  glibc
 * extension. */
#include "conf.h"

#ifdef PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP
static pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;

static int unlock_other(void *arg)
{
	return pthread_mutex_unlock(&m);
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), EDEADLK);
	conf_bg_start(&b, unlock_other, 0);
	EXPECT(conf_bg_join(&b), EPERM);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("no PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP");
}
#endif
