/* A destroyed barrier can be initialised again, with another count, and
 * used.  POSIX.1-2017 pthread_barrier_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_barrier_t b;
	SETUP(pthread_barrier_init(&b, NULL, 5));
	EXPECT(pthread_barrier_destroy(&b), 0);
	EXPECT(pthread_barrier_init(&b, NULL, 1), 0);
	EXPECT(pthread_barrier_wait(&b), PTHREAD_BARRIER_SERIAL_THREAD);
	EXPECT(pthread_barrier_destroy(&b), 0);
	PASS();
}
