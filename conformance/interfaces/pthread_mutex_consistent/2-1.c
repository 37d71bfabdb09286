/* pthread_mutex_consistent on a mutex that is not robust returns EINVAL.
 * POSIX.1-2017 pthread_mutex_consistent, ERRORS ([EINVAL] "The mutex
 * object ... is not robust or does not protect an inconsistent state"). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_consistent(&m), EINVAL);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
