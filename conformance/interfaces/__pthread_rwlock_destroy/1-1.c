/* glibc: the exported alias __pthread_rwlock_destroy destroys an unlocked
 * rwlock (0).  glibc compatibility symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_destroy(pthread_rwlock_t *);
CONF_COMPAT_SYMBOL(alias_destroy, __pthread_rwlock_destroy, GLIBC_2.2.5);

int main(void)
{
	pthread_rwlock_t rw;
	SETUP(pthread_rwlock_init(&rw, NULL));
	EXPECT(alias_destroy(&rw), 0);
	SETUP(pthread_rwlock_init(&rw, NULL));
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
