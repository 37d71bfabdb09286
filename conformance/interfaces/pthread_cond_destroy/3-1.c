/* A condition variable may be destroyed (and its memory unmapped) right
 * after a broadcast, holding the mutex, while the woken waiters have not yet
 * returned from pthread_cond_wait: destroy returns 0 and no waiter touches
 * the freed memory.  POSIX.1-2017 pthread_cond_destroy, DESCRIPTION ("It
 * shall be safe to destroy an initialized condition variable upon which no
 * threads are currently blocked") and EXAMPLES. */
#define CONF_TIMEOUT 30 /* many threads to watch block */
#include "conf.h"

#define WAITERS 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t *volatile c;
static volatile int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	pthread_cond_t *cv = c;
	while (r == 0 && !ready)
		r = pthread_cond_wait(cv, &m);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	for (int round = 0; round < 8; round++) {
		struct conf_bg b[WAITERS];
		void *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED)
			UNRESOLVED("mmap failed");
		c = page;
		ready = 0;
		SETUP(pthread_cond_init(c, NULL));
		conf_step("starting waiters");
		for (int i = 0; i < WAITERS; i++) {
			conf_bg_start(&b[i], waiter, 0);
			if (!conf_bg_blocked(&b[i]))
				UNRESOLVED("waiter %d did not block", i);
		}
		conf_step("broadcast");
		SETUP(pthread_mutex_lock(&m));
		ready = 1;
		EXPECT(pthread_cond_broadcast(c), 0);
		if (!1)
			SETUP(pthread_mutex_unlock(&m));
		conf_step("pthread_cond_destroy");
		EXPECT(pthread_cond_destroy(c), 0);
		conf_step("after destroy");
		munmap(page, 4096);
		if (1)
			SETUP(pthread_mutex_unlock(&m));
		for (int i = 0; i < WAITERS; i++) {
			if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
				FAIL("round %d: waiter %d never returned",
				     round, i);
			EXPECT(conf_bg_join(&b[i]), 0);
		}
	}
	PASS();
}
