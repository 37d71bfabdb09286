/* pthread_condattr_setclock(CLOCK_MONOTONIC) returns 0 and getclock reads it back.
 * POSIX.1-2017 pthread_condattr_setclock, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	clockid_t v = (clockid_t)-1;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC == CLOCK_REALTIME ?
						 CLOCK_MONOTONIC :
						 CLOCK_REALTIME));
	EXPECT(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	SETUP(pthread_condattr_getclock(&a, &v));
	EXPECT_EQ(v, CLOCK_MONOTONIC);
	PASS();
}
