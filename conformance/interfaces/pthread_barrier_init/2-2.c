/* pthread_barrier_init with a count no implementation can hold (UINT_MAX)
 * returns EINVAL in glibc.  glibc behaviour (POSIX.1-2017 lists [EAGAIN]
 * and [EINVAL] for count zero; glibc rejects counts it cannot track). */
#include "conf.h"

int main(void)
{
	pthread_barrier_t b;
	int r = pthread_barrier_init(&b, NULL, UINT_MAX);
	if (r == 0)
		UNSUPPORTED("a count of UINT_MAX is accepted");
	if (r != EINVAL && r != EAGAIN)
		FAIL("returned %s", conf_err(r));
	PASS();
}
