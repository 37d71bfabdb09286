/* pthread_barrier_init with count 0 returns EINVAL.  POSIX.1-2017
 * pthread_barrier_init, ERRORS ([EINVAL] "The value specified by count is
 * equal to zero"). */
#include "conf.h"

int main(void)
{
	pthread_barrier_t b;
	EXPECT(pthread_barrier_init(&b, NULL, 0), EINVAL);
	PASS();
}
