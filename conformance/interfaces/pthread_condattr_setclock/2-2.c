/* pthread_condattr_setclock with the thread CPU-time clock returns EINVAL and leaves the
 * clock unchanged.  POSIX.1-2017 pthread_condattr_setclock, ERRORS
 * ([EINVAL] "The value specified by clock_id does not refer to a known
 * clock, or is a CPU-time clock"). */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	clockid_t v = (clockid_t)-1;
	SETUP(pthread_condattr_init(&a));
	SETUP(pthread_condattr_setclock(&a, CLOCK_MONOTONIC));
	EXPECT(pthread_condattr_setclock(&a, CLOCK_THREAD_CPUTIME_ID), EINVAL);
	SETUP(pthread_condattr_getclock(&a, &v));
	EXPECT_EQ(v, CLOCK_MONOTONIC);
	PASS();
}
