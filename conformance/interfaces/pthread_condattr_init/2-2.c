/* A fresh condition variable attributes object selects CLOCK_REALTIME.
 * POSIX.1-2017 pthread_condattr_getclock / pthread_condattr_init ("the
 * default value of the clock attribute shall refer to the system clock"). */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	clockid_t v = (clockid_t)-1;
	memset(&a, 0x5a, sizeof a);
	SETUP(pthread_condattr_init(&a));
	EXPECT(pthread_condattr_getclock(&a, &v), 0);
	EXPECT_EQ(v, CLOCK_REALTIME);
	PASS();
}
