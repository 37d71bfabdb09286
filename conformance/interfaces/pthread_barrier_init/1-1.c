/* pthread_barrier_init with count 1 and a NULL attr returns 0; a single
 * thread passes the barrier at once as the serial thread.  POSIX.1-2017
 * pthread_barrier_init, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_barrier_t b;
	EXPECT(pthread_barrier_init(&b, NULL, 1), 0);
	EXPECT(pthread_barrier_wait(&b), PTHREAD_BARRIER_SERIAL_THREAD);
	EXPECT(pthread_barrier_wait(&b), PTHREAD_BARRIER_SERIAL_THREAD);
	EXPECT(pthread_barrier_destroy(&b), 0);
	PASS();
}
