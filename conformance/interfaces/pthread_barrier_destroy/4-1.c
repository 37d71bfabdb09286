/* A barrier may be destroyed (and its memory unmapped) by the serial
 * thread as soon as its wait returns, while the other waiters are still on
 * their way out.  POSIX.1-2017 pthread_barrier_destroy, DESCRIPTION (the
 * barrier is no longer in use once the wait completed). */
#include "conf.h"

#define N 3
static pthread_barrier_t *volatile bp;

static void *worker(void *arg)
{
	pthread_barrier_t *b = bp;
	int r = pthread_barrier_wait(b);
	if (r == PTHREAD_BARRIER_SERIAL_THREAD) {
		if (pthread_barrier_destroy(b))
			return (void *)1;
		munmap(b, 4096);
	} else if (r) {
		return (void *)2;
	}
	return 0;
}

int main(void)
{
	for (int round = 0; round < 100; round++) {
		pthread_t t[N];
		void *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED)
			UNRESOLVED("mmap failed");
		bp = page;
		SETUP(pthread_barrier_init(bp, NULL, N));
		for (int i = 0; i < N; i++)
			t[i] = conf_thread(worker, 0);
		for (int i = 0; i < N; i++)
			if (conf_join(t[i]))
				FAIL("round %d: a wait or the destroy failed",
				     round);
	}
	PASS();
}
