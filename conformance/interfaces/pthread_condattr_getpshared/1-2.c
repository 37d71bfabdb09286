/* pthread_condattr_getpshared returns the value last set, and the clock
 * attribute does not disturb it.  POSIX.1-2017 pthread_condattr_getpshared,
 * DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	int v = -1;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	EXPECT(pthread_condattr_getpshared(&a, &v), 0);
	EXPECT_EQ(v, PTHREAD_PROCESS_SHARED);
	PASS();
}
