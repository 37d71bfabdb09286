/* glibc: pthread_mutexattr_setrobust_np with an invalid value returns
 * EINVAL.  glibc extension (GLIBC_2.4). */
#include "conf.h"

#ifdef __GLIBC__
extern int setrobust_np(pthread_mutexattr_t *, int);
CONF_COMPAT_SYMBOL(setrobust_np, pthread_mutexattr_setrobust_np, GLIBC_2.4);

int main(void)
{
	pthread_mutexattr_t a;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(setrobust_np(&a, 2), EINVAL);
	EXPECT(setrobust_np(&a, -1), EINVAL);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
