/* pthread_condattr_getclock returns the clock last set, and the
 * process-shared attribute does not disturb it.  POSIX.1-2017
 * pthread_condattr_getclock, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	clockid_t v = (clockid_t)-1;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	SETUP(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_condattr_getclock(&a, &v), 0);
	EXPECT_EQ(v, CLOCK_MONOTONIC);
	PASS();
}
