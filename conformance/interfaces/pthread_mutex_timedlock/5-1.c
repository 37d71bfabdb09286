/* pthread_mutex_timedlock of an error-checking mutex the caller owns
 * returns EDEADLK.  POSIX.1-2017 pthread_mutex_timedlock, ERRORS
 * ([EDEADLK]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_timedlock(&m, &abs), EDEADLK);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
