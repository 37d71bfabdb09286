/* pthread_mutex_destroy of an initialised, unlocked mutex returns 0.
 * POSIX.1-2017 pthread_mutex_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	SETUP(pthread_mutex_init(&m, NULL));
	SETUP(pthread_mutex_lock(&m));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
