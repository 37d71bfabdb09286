/* glibc: the exported alias __pthread_mutexattr_settype sets the type
 * (read back by gettype, honoured by the mutex) and rejects an invalid
 * type with EINVAL.  glibc compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_settype(pthread_mutexattr_t *, int);
CONF_COMPAT_SYMBOL(alias_settype, __pthread_mutexattr_settype, GLIBC_2.2.5);

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(alias_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_init(&m, &a));
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	EXPECT(alias_settype(&a, 99), EINVAL);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
