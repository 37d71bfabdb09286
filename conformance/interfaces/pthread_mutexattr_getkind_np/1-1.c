/* glibc: the compatibility symbol pthread_mutexattr_getkind_np reads the
 * mutex type: the default, then what settype stored.  glibc extension
 * (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int getkind_np(const pthread_mutexattr_t *, int *);
CONF_COMPAT_SYMBOL(getkind_np, pthread_mutexattr_getkind_np, GLIBC_2.2.5);

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(getkind_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_DEFAULT);
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	EXPECT(getkind_np(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_ERRORCHECK_NP);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
