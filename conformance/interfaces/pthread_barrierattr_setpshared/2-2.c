/* pthread_barrierattr_setpshared with the invalid value -1 returns
 * EINVAL and leaves the attribute unchanged.  POSIX.1-2017
 * pthread_barrierattr_setpshared, ERRORS ([EINVAL] "The new value
 * specified for the process-shared attribute is not one of the legal
 * values"). */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	int v = -1;
	SETUP(pthread_barrierattr_init(&a));
	SETUP(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_barrierattr_setpshared(&a, -1), EINVAL);
	SETUP(pthread_barrierattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
