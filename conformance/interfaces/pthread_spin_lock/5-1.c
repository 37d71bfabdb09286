/* glibc: the GLIBC_2.2.5 versions of pthread_spin_lock and
 * pthread_spin_unlock (what binaries linked before glibc 2.34 call) work
 * on the same lock as the current ones.  glibc compatibility symbol. */
#include "conf.h"

#ifdef __GLIBC__
extern int old_lock(pthread_spinlock_t *);
extern int old_unlock(pthread_spinlock_t *);
CONF_COMPAT_SYMBOL(old_lock, pthread_spin_lock, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_unlock, pthread_spin_unlock, GLIBC_2.2.5);

int main(void)
{
	pthread_spinlock_t s;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	EXPECT(old_lock(&s), 0);
	EXPECT(pthread_spin_trylock(&s), EBUSY);
	EXPECT(old_unlock(&s), 0);
	EXPECT(pthread_spin_trylock(&s), 0);
	EXPECT(old_unlock(&s), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
