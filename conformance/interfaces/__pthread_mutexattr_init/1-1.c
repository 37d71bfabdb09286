/* glibc: the exported alias __pthread_mutexattr_init initialises a mutex
 * attributes object with the defaults.  glibc compatibility symbol
 * (GLIBC_2.2.5). */
#include "conf.h"

#ifdef __GLIBC__
extern int alias_attr_init(pthread_mutexattr_t *);
CONF_COMPAT_SYMBOL(alias_attr_init, __pthread_mutexattr_init, GLIBC_2.2.5);

int main(void)
{
	pthread_mutexattr_t a;
	int v = -1;
	memset(&a, 0x5a, sizeof a);
	EXPECT(alias_attr_init(&a), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_DEFAULT);
	SETUP(pthread_mutexattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutexattr_getrobust(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_STALLED);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
