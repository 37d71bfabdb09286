/* pthread_mutex_setprioceiling on an error-checking priority-protect mutex
 * the caller holds returns EDEADLK (its implied lock is a relock), as
 * glibc does.  POSIX.1-2017 pthread_mutex_setprioceiling, DESCRIPTION
 * with pthread_mutex_lock, ERRORS ([EDEADLK]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	int old = -1, now = -1;
	conf_need_rt();
	conf_set_fifo(5);
	conf_mutex(&m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_PROTECT, 10, PTHREAD_PROCESS_PRIVATE);
	SETUP(pthread_mutex_lock(&m));
	EXPECT(pthread_mutex_setprioceiling(&m, 25, &old), EDEADLK);
	SETUP(pthread_mutex_getprioceiling(&m, &now));
	EXPECT_EQ(now, 10);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
