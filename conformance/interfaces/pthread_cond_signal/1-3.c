/* As many signals as blocked threads release all of them, each signal
 * after the previous wakeup was consumed.  POSIX.1-2017
 * pthread_cond_signal, DESCRIPTION. */
#include "conf.h"

#define WAITERS 4
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int tokens, finished;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && tokens == 0)
		r = pthread_cond_wait(&c, &m);
	if (r == 0) {
		tokens--;
		finished++;
	}
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b[WAITERS];
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d did not block", i);
	}
	for (int i = 0; i < WAITERS; i++) {
		SETUP(pthread_mutex_lock(&m));
		tokens++;
		EXPECT(pthread_cond_signal(&c), 0);
		SETUP(pthread_mutex_unlock(&m));
		for (int w = 0;; w++) {
			SETUP(pthread_mutex_lock(&m));
			int f = finished;
			SETUP(pthread_mutex_unlock(&m));
			if (f == i + 1)
				break;
			if (w > CONF_PATIENCE_MS)
				FAIL("signal %d released nobody", i + 1);
			conf_msleep(1);
		}
	}
	for (int i = 0; i < WAITERS; i++)
		EXPECT(conf_bg_join(&b[i]), 0);
	PASS();
}
