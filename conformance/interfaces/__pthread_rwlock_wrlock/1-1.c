/* glibc: the exported alias __pthread_rwlock_wrlock takes the write lock like
 * pthread_rwlock_wrlock, on the same object the public names use.  glibc
 * compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias(pthread_rwlock_t *);
CONF_COMPAT_SYMBOL(alias, __pthread_rwlock_wrlock, GLIBC_2.2.5);

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	EXPECT(alias(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
