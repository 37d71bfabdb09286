/* glibc: the GLIBC_2.2.5 versions of pthread_rwlock_rdlock and
 * pthread_rwlock_unlock (what binaries linked before glibc 2.34 call, once
 * in libpthread) behave as the current ones on the same lock.  glibc
 * compatibility symbol. */
#include "conf.h"

#ifdef __GLIBC__
extern int old_rdlock(pthread_rwlock_t *);
extern int old_unlock(pthread_rwlock_t *);
CONF_COMPAT_SYMBOL(old_rdlock, pthread_rwlock_rdlock, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_unlock, pthread_rwlock_unlock, GLIBC_2.2.5);

int main(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	EXPECT(old_rdlock(&rw), 0);
	EXPECT(pthread_rwlock_rdlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(old_unlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), 0);
	EXPECT(old_unlock(&rw), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
