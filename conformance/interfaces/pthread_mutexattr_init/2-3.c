/* A freshly initialised mutex attributes object has protocol PTHREAD_PRIO_NONE.
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
	EXPECT(pthread_mutexattr_getprotocol(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PRIO_NONE);
	PASS();
}
