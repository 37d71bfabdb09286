/* glibc: the exported alias __pthread_rwlock_unlock releases read and
 * write locks taken with the public names.  glibc compatibility symbol
 * (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_unlock(pthread_rwlock_t *);
CONF_COMPAT_SYMBOL(alias_unlock, __pthread_rwlock_unlock, GLIBC_2.2.5);

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	SETUP(pthread_rwlock_wrlock(&rw));
	EXPECT(alias_unlock(&rw), 0);
	SETUP(pthread_rwlock_rdlock(&rw));
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(alias_unlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	EXPECT(alias_unlock(&rw), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
