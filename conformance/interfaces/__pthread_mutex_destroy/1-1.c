/* glibc: the exported alias __pthread_mutex_destroy destroys an unlocked
 * mutex (0) and the mutex can be initialised again.  glibc compatibility
 * symbol (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_destroy(pthread_mutex_t *);
CONF_COMPAT_SYMBOL(alias_destroy, __pthread_mutex_destroy, GLIBC_2.2.5);

int main(void)
{
	pthread_mutex_t m;
	SETUP(pthread_mutex_init(&m, NULL));
	EXPECT(alias_destroy(&m), 0);
	SETUP(pthread_mutex_init(&m, NULL));
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
