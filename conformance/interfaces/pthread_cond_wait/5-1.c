/* A signal delivered to a thread in pthread_cond_wait does not make it
 * fail with EINTR: it goes on waiting (or returns 0 as a spurious wakeup).
 * POSIX.1-2017 pthread_cond_wait, DESCRIPTION and ERRORS ("shall not return
 * an error code of [EINTR]"). */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r == 0)
		r = pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the waiter did not block: %s", conf_err(b.ret));
	if (!conf_interrupt(&b)) {
		EXPECT(conf_bg_join(&b), 0); /* a spurious wakeup */
		PASS();
	}
	SETUP(pthread_mutex_lock(&m));
	SETUP(pthread_cond_signal(&c));
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
