/* glibc: pthread_mutexattr_setkind_np with an invalid kind returns
 * EINVAL.  glibc extension (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int setkind_np(pthread_mutexattr_t *, int);
CONF_COMPAT_SYMBOL(setkind_np, pthread_mutexattr_setkind_np, GLIBC_2.2.5);

int main(void)
{
	pthread_mutexattr_t a;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(setkind_np(&a, -1), EINVAL);
	EXPECT(setkind_np(&a, 4), EINVAL);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
