/* pthread_mutex_destroy of a never-used PTHREAD_MUTEX_INITIALIZER mutex
 * returns 0.  POSIX.1-2017 pthread_mutex_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
