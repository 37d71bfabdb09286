/* glibc: the compatibility symbol pthread_mutexattr_setrobust_np sets the
 * robustness (PTHREAD_MUTEX_ROBUST_NP, PTHREAD_MUTEX_STALLED_NP) as
 * pthread_mutexattr_setrobust does.  glibc extension (GLIBC_2.4). */
#include "conf.h"

#ifdef __GLIBC__
extern int setrobust_np(pthread_mutexattr_t *, int);
CONF_COMPAT_SYMBOL(setrobust_np, pthread_mutexattr_setrobust_np, GLIBC_2.4);

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(setrobust_np(&a, PTHREAD_MUTEX_ROBUST_NP), 0);
	SETUP(pthread_mutexattr_getrobust(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ROBUST);
	SETUP(pthread_mutex_init(&m, &a));
	conf_owner_thread_dies(&m);
	EXPECT(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(setrobust_np(&a, PTHREAD_MUTEX_STALLED_NP), 0);
	SETUP(pthread_mutexattr_getrobust(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_STALLED);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
