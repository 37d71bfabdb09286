/* glibc: the compatibility symbol pthread_mutex_consistent_np (the name
 * before POSIX.1-2008) makes an EOWNERDEAD robust mutex consistent, as
 * pthread_mutex_consistent does.  glibc extension (GLIBC_2.4). */
#include "conf.h"

#ifdef __GLIBC__
extern int consistent_np(pthread_mutex_t *);
CONF_COMPAT_SYMBOL(consistent_np, pthread_mutex_consistent_np, GLIBC_2.4);

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_lock(&m), EOWNERDEAD);
	EXPECT(consistent_np(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
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
