/* glibc: the exported alias __pthread_mutexattr_destroy returns 0 and the
 * object can be initialised again.  glibc compatibility symbol
 * (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_attr_destroy(pthread_mutexattr_t *);
CONF_COMPAT_SYMBOL(alias_attr_destroy, __pthread_mutexattr_destroy,
		   GLIBC_2.2.5);

int main(void)
{
	pthread_mutexattr_t a;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(alias_attr_destroy(&a), 0);
	EXPECT(pthread_mutexattr_init(&a), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
