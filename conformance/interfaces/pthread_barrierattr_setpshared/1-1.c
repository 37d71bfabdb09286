/* pthread_barrierattr_setpshared(PTHREAD_PROCESS_SHARED) returns 0 and getpshared reads it
 * back.  POSIX.1-2017 pthread_barrierattr_setpshared, DESCRIPTION and
 * RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	int v = -1;
	SETUP(pthread_barrierattr_init(&a));
	SETUP(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE));
	EXPECT(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	SETUP(pthread_barrierattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
