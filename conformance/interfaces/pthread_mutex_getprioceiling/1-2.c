/* pthread_mutex_getprioceiling reports a ceiling changed by
 * pthread_mutex_setprioceiling.  POSIX.1-2017
 * pthread_mutex_getprioceiling, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	int c = -1;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutex_setprioceiling(&m, 33, &c));
	EXPECT(pthread_mutex_getprioceiling(&m, &c), 0);
	EXPECT_EQ(c, 33);
	PASS();
}
