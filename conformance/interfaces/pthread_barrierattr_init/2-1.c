/* A fresh barrier attributes object is PTHREAD_PROCESS_PRIVATE.
 * POSIX.1-2017 pthread_barrierattr_getpshared, DESCRIPTION ("The default
 * value of the attribute shall be PTHREAD_PROCESS_PRIVATE"). */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	int v = -1;
	memset(&a, 0x5a, sizeof a);
	SETUP(pthread_barrierattr_init(&a));
	EXPECT(pthread_barrierattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	PASS();
}
