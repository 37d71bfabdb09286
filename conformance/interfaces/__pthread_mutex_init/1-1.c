/* glibc: the exported alias __pthread_mutex_init initialises a mutex like
 * pthread_mutex_init (NULL attr, and an error-checking attr).  glibc
 * compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_init(pthread_mutex_t *, const pthread_mutexattr_t *);
CONF_COMPAT_SYMBOL(alias_init, __pthread_mutex_init, GLIBC_2.2.5);

int main(void)
{
	pthread_mutex_t m;
	pthread_mutexattr_t a;
	EXPECT(alias_init(&m, NULL), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	SETUP(pthread_mutexattr_init(&a));
	SETUP(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK));
	EXPECT(alias_init(&m, &a), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
