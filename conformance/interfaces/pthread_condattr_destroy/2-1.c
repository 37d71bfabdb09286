/* A destroyed condition variable attributes object can be initialised
 * again and then holds the defaults.  POSIX.1-2017
 * pthread_condattr_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	int v = -1;
	clockid_t clk = (clockid_t)-1;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	EXPECT(pthread_condattr_destroy(&a), 0);
	EXPECT(pthread_condattr_init(&a), 0);
	SETUP(pthread_condattr_getpshared(&a, &v));
	EXPECT_EQ(v, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_condattr_getclock(&a, &clk));
	EXPECT_EQ(clk, CLOCK_REALTIME);
	PASS();
}
