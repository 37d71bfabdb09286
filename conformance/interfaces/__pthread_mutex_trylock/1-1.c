/* glibc: the exported alias __pthread_mutex_trylock behaves as
 * pthread_mutex_trylock (0 when free, EBUSY when held).  glibc
 * compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_trylock(pthread_mutex_t *);
CONF_COMPAT_SYMBOL(alias_trylock, __pthread_mutex_trylock, GLIBC_2.2.5);

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	EXPECT(alias_trylock(&m), 0);
	EXPECT(alias_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(alias_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
