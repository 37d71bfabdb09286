/* glibc: the priority ceiling of a fresh attributes object reads as the
 * SCHED_FIFO minimum.  glibc behaviour (the POSIX default is unspecified). */
#include "conf.h"

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc behaviour");
#else
	pthread_mutexattr_t a;
	int v = -1;
	SETUP(pthread_mutexattr_init(&a));
	EXPECT(pthread_mutexattr_getprioceiling(&a, &v), 0);
	EXPECT_EQ(v, sched_get_priority_min(SCHED_FIFO));
	PASS();
#endif
}
