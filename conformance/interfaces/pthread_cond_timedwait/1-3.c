/* pthread_cond_timedwait with a negative tv_sec (long before the epoch)
 * returns ETIMEDOUT.  POSIX.1-2017 pthread_cond_timedwait, ERRORS
 * ([ETIMEDOUT]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec abs = { -5, 0 };
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_cond_timedwait(&c, &m, &abs), ETIMEDOUT);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
