/* pthread_mutex_getprioceiling of a mutex that is not priority-protect
 * returns EINVAL (glibc implements this optional error).  POSIX.1-2017
 * pthread_mutex_getprioceiling, ERRORS ("may fail" [EINVAL]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m[2];
	int c;
	conf_mutex_type(&m[0], PTHREAD_MUTEX_NORMAL);
	conf_mutex(&m[1], PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 2; i++) {
		int r = pthread_mutex_getprioceiling(&m[i], &c);
		if (r == 0)
			UNSUPPORTED("no error for a mutex without a ceiling");
		EXPECT(r, EINVAL);
	}
	PASS();
}
