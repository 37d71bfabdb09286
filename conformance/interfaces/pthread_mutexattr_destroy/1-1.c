/* pthread_mutexattr_destroy of an initialised object returns 0.
 * POSIX.1-2017 pthread_mutexattr_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_destroy(&a), 0);
	PASS();
}
