/* pthread_cond_timedwait with an error-checking mutex the caller does not
 * own returns EPERM.  POSIX.1-2017 pthread_cond_timedwait, ERRORS
 * ([EPERM]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 500);
	conf_mutex_type(&m, PTHREAD_MUTEX_ERRORCHECK);
	EXPECT(pthread_cond_timedwait(&c, &m, &abs), EPERM);
	PASS();
}
