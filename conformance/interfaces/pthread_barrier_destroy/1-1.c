/* pthread_barrier_destroy of a barrier nobody waits on returns 0.
 * POSIX.1-2017 pthread_barrier_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_barrier_t b;
	SETUP(pthread_barrier_init(&b, NULL, 2));
	EXPECT(pthread_barrier_destroy(&b), 0);
	PASS();
}
