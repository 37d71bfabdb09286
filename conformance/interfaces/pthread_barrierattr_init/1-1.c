/* pthread_barrierattr_init returns 0 and the object initialises a usable
 * barrier.  POSIX.1-2017 pthread_barrierattr_init, DESCRIPTION and RETURN
 * VALUE. */
#include "conf.h"

int main(void)
{
	pthread_barrierattr_t a;
	pthread_barrier_t b;
	EXPECT(pthread_barrierattr_init(&a), 0);
	EXPECT(pthread_barrier_init(&b, &a, 1), 0);
	EXPECT(pthread_barrier_wait(&b), PTHREAD_BARRIER_SERIAL_THREAD);
	PASS();
}
