/* pthread_condattr_destroy returns 0.  POSIX.1-2017
 * pthread_condattr_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	SETUP(pthread_condattr_init(&a));
	EXPECT(pthread_condattr_destroy(&a), 0);
	PASS();
}
