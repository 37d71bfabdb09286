/* A thread blocked on a robust mutex is woken when the owner terminates
 * and returns EOWNERDEAD.  POSIX.1-2017 pthread_mutex_lock, ERRORS
 * ([EOWNERDEAD]). */
#include "conf.h"

static pthread_mutex_t m;
static volatile int locked, go;

static void *owner(void *arg)
{
	if (pthread_mutex_lock(&m))
		return (void *)1;
	locked = 1;
	while (!go)
		conf_msleep(1);
	return 0; /* dies holding m */
}

static int waiter(void *arg)
{
	return pthread_mutex_lock(&m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	pthread_t t = conf_thread(owner, 0);
	while (!locked)
		conf_msleep(1);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("lock returned %s while the owner was alive",
		     conf_err(b.ret));
	go = 1;
	if (conf_join(t))
		UNRESOLVED("owner could not lock");
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken when the owner terminated");
	EXPECT(conf_bg_join(&b), EOWNERDEAD);
	PASS();
}
