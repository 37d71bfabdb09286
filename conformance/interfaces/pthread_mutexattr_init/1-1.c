/* pthread_mutexattr_init returns 0 and the object can be used to
 * initialise a mutex.  POSIX.1-2017 pthread_mutexattr_init, DESCRIPTION
 * and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	EXPECT(pthread_mutexattr_init(&a), 0);
	EXPECT(pthread_mutex_init(&m, &a), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
