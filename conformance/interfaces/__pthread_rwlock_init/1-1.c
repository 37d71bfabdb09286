/* glibc: the exported alias __pthread_rwlock_init initialises an rwlock
 * like pthread_rwlock_init.  glibc compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_init(pthread_rwlock_t *, const pthread_rwlockattr_t *);
CONF_COMPAT_SYMBOL(alias_init, __pthread_rwlock_init, GLIBC_2.2.5);

int main(void)
{
	pthread_rwlock_t rw;
	memset(&rw, 0x5a, sizeof rw);
	EXPECT(alias_init(&rw, NULL), 0);
	EXPECT(pthread_rwlock_rdlock(&rw), 0);
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
