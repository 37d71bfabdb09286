/* Optional: destroying a locked recursive mutex is detected with EBUSY.
 * POSIX.1-2017 pthread_mutex_destroy, RATIONALE. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	SETUP(pthread_mutex_lock(&m));
	SETUP(pthread_mutex_lock(&m));
	int r = pthread_mutex_destroy(&m);
	if (r == 0)
		UNSUPPORTED("destroying a locked mutex is not detected");
	EXPECT(r, EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
