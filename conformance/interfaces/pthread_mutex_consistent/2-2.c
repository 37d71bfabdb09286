/* pthread_mutex_consistent on a robust mutex in a consistent state (locked
 * normally by the caller) returns EINVAL.  POSIX.1-2017
 * pthread_mutex_consistent, ERRORS ([EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_consistent(&m), EINVAL);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
