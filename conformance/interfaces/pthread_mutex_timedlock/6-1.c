/* pthread_mutex_timedlock of a recursive mutex the caller owns succeeds
 * and adds to the lock count.  POSIX.1-2017 pthread_mutex_timedlock,
 * DESCRIPTION (behaves as pthread_mutex_lock). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_timedlock(&m, &abs), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	PASS();
}
