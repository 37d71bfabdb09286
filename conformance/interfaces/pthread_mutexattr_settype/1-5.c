/* glibc: pthread_mutexattr_settype accepts PTHREAD_MUTEX_ADAPTIVE_NP and
 * gettype reads it back; the mutex works.  glibc extension. */
#include "conf.h"

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc extension");
#else
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ADAPTIVE_NP), 0);
	SETUP(pthread_mutexattr_gettype(&a, &v));
	EXPECT_EQ(v, PTHREAD_MUTEX_ADAPTIVE_NP);
	SETUP(pthread_mutex_init(&m, &a));
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
#endif
}
