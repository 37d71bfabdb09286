/* Optional: destroying a locked mutex is detected with EBUSY (glibc does
 * for non-robust mutexes).  POSIX.1-2017 pthread_mutex_destroy: undefined
 * behaviour, RATIONALE recommends [EBUSY]. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	SETUP(pthread_mutex_init(&m, NULL));
	SETUP(pthread_mutex_lock(&m));
	int r = pthread_mutex_destroy(&m);
	if (r == 0)
		UNSUPPORTED("destroying a locked mutex is not detected");
	EXPECT(r, EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
