/* glibc: the exported alias __pthread_rwlock_tryrdlock takes the read lock like
 * pthread_rwlock_tryrdlock, on the same object the public names use.  glibc
 * compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias(pthread_rwlock_t *);
CONF_COMPAT_SYMBOL(alias, __pthread_rwlock_tryrdlock, GLIBC_2.2.5);

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	SETUP(pthread_rwlock_wrlock(&rw));
	EXPECT(alias(&rw), EBUSY);
	SETUP(pthread_rwlock_unlock(&rw));
	EXPECT(alias(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
