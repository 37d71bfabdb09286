/* A destroyed barrier attributes object can be initialised again and then
 * holds the default.  POSIX.1-2017 pthread_barrierattr_destroy,
 * DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	int v = -1;
	SETUP(pthread_barrierattr_init(&a));
	SETUP(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_barrierattr_destroy(&a), 0);
	EXPECT(pthread_barrierattr_init(&a), 0);
	SETUP(pthread_barrierattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
