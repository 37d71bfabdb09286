/* glibc: the compatibility symbol pthread_mutexattr_setkind_np sets the
 * mutex type as pthread_mutexattr_settype does.  glibc extension
 * (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int setkind_np(pthread_mutexattr_t *, int);
CONF_COMPAT_SYMBOL(setkind_np, pthread_mutexattr_setkind_np, GLIBC_2.2.5);

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(setkind_np(&a, PTHREAD_MUTEX_RECURSIVE_NP), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_RECURSIVE);
	SETUP(pthread_mutex_init(&m, &a));
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(setkind_np(&a, PTHREAD_MUTEX_ERRORCHECK_NP), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ERRORCHECK);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
