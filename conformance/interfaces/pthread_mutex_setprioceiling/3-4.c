/* pthread_mutex_setprioceiling on a mutex that is not priority-protect
 * returns EINVAL (glibc implements this optional error).  POSIX.1-2017
 * pthread_mutex_setprioceiling, ERRORS ("may fail" [EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	int old;
	conf_mutex_type(&m, PTHREAD_MUTEX_NORMAL);
	int r = pthread_mutex_setprioceiling(&m, 10, &old);
	if (r == 0)
		UNSUPPORTED("no error for a mutex without a ceiling");
	EXPECT(r, EINVAL);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
