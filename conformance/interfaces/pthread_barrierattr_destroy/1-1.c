/* pthread_barrierattr_destroy returns 0.  POSIX.1-2017
 * pthread_barrierattr_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	SETUP(pthread_barrierattr_init(&a));
	EXPECT(pthread_barrierattr_destroy(&a), 0);
	PASS();
}
