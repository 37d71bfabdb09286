/* pthread_condattr_getclock returns 0 and CLOCK_REALTIME for a default
 * object.  POSIX.1-2017 pthread_condattr_getclock, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	clockid_t v = (clockid_t)-1;
	SETUP(pthread_condattr_init(&a));
	EXPECT(pthread_condattr_getclock(&a, &v), 0);
	EXPECT_EQ(v, CLOCK_REALTIME);
	PASS();
}
