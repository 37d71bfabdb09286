/* glibc: the exported alias __pthread_mutex_unlock releases a mutex taken
 * with pthread_mutex_lock and reports EPERM for an error-checking mutex it
 * does not own.  glibc compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_unlock(pthread_mutex_t *);
CONF_COMPAT_SYMBOL(alias_unlock, __pthread_mutex_unlock, GLIBC_2.2.5);

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, ec;
	SETUP(pthread_mutex_lock(&m));
	EXPECT(alias_unlock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(alias_unlock(&m), 0);
	conf_mutex_type(&ec, PTHREAD_MUTEX_ERRORCHECK);
	EXPECT(alias_unlock(&ec), EPERM);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
