/* A freshly initialised mutex attributes object has type PTHREAD_MUTEX_DEFAULT.
 * POSIX.1-2017 pthread_mutexattr_init, DESCRIPTION ("initialize ... with
 * the default value for all of the attributes defined by the
 * implementation") and the attribute's own page. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int v;
	memset(&a, 0x5a, sizeof a);
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_gettype(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_MUTEX_DEFAULT);
	PASS();
}
