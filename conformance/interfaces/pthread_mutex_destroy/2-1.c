/* A destroyed mutex can be initialised again with pthread_mutex_init and
 * used, here with a different type.  POSIX.1-2017 pthread_mutex_destroy,
 * DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	SETUP(pthread_mutex_init(&m, NULL));
	SETUP(pthread_mutex_lock(&m));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_mutex_destroy(&m), 0);
	conf_mutex_type(&m, PTHREAD_MUTEX_RECURSIVE);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
