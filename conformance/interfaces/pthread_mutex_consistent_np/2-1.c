/* glibc: pthread_mutex_consistent_np on a robust mutex in a consistent
 * state returns EINVAL.  glibc extension (GLIBC_2.4). */
#include "conf.h"

#ifdef __GLIBC__
extern int consistent_np(pthread_mutex_t *);
CONF_COMPAT_SYMBOL(consistent_np, pthread_mutex_consistent_np, GLIBC_2.4);

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(consistent_np(&m), EINVAL);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
