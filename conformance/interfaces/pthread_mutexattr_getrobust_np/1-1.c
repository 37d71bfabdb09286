/* glibc: the compatibility symbol pthread_mutexattr_getrobust_np reads the
 * robustness: STALLED by default, ROBUST after it is set.  glibc extension
 * (GLIBC_2.4). */
#include "conf.h"

#ifdef __GLIBC__
extern int getrobust_np(const pthread_mutexattr_t *, int *);
CONF_COMPAT_SYMBOL(getrobust_np, pthread_mutexattr_getrobust_np, GLIBC_2.4);

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(getrobust_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_STALLED_NP);
	SETUP(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	EXPECT(getrobust_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_ROBUST_NP);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
