/* pthread_barrier_init with a default attributes object returns 0 and the
 * barrier works.  POSIX.1-2017 pthread_barrier_init, DESCRIPTION. */
#include "conf.h"

static pthread_barrier_t b;

static int waiter(void *arg)
{
	return pthread_barrier_wait(&b);
}

int main(void)
{
	pthread_barrierattr_t a;
	struct conf_bg w;
	SETUP(pthread_barrierattr_init(&a));
	EXPECT(pthread_barrier_init(&b, &a, 2), 0);
	SETUP(pthread_barrierattr_destroy(&a));
	conf_bg_start(&w, waiter, 0);
	int r = pthread_barrier_wait(&b);
	int o = conf_bg_join(&w);
	if (!((r == 0 && o == PTHREAD_BARRIER_SERIAL_THREAD) ||
	      (o == 0 && r == PTHREAD_BARRIER_SERIAL_THREAD)))
		FAIL("wait returned %d and %d", r, o);
	PASS();
}
