/* pthread_mutex_timedlock of an unlocked mutex returns 0 at once and the
 * caller owns it.  POSIX.1-2017 pthread_mutex_timedlock, DESCRIPTION and
 * RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 5000);
	EXPECT(pthread_mutex_timedlock(&m, &abs), 0);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
