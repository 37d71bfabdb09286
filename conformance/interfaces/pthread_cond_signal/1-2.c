/* With several threads blocked, one pthread_cond_signal unblocks at least
 * one of them.  POSIX.1-2017 pthread_cond_signal, DESCRIPTION ("shall
 * unblock at least one of the threads"). */
#include "conf.h"

#define WAITERS 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int tokens;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && tokens == 0)
		r = pthread_cond_wait(&c, &m);
	if (r == 0)
		tokens--;
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
	SETUP(pthread_mutex_lock(&m));
	tokens = 1;
	EXPECT(pthread_cond_signal(&c), 0);
	SETUP(pthread_mutex_unlock(&m));
	for (int waited = 0; waited < CONF_PATIENCE_MS; waited++) {
		for (int i = 0; i < WAITERS; i++)
			if (b[i].done) {
				EXPECT(b[i].ret, 0);
				PASS();
			}
		conf_msleep(1);
	}
	FAIL("no waiter was unblocked by the signal");
}
