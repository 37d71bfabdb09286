/* A thread blocked on a process-shared robust mutex is woken with
 * EOWNERDEAD when the owning process dies.  POSIX.1-2017
 * pthread_mutex_lock, ERRORS ([EOWNERDEAD]). */
#include "conf.h"

struct shared {
	pthread_mutex_t m;
	volatile int locked, go;
};

static struct shared *s;

static int waiter(void *arg)
{
	return pthread_mutex_lock(&s->m);
}

int main(void)
{
	struct conf_bg b;
	s = conf_shared(sizeof *s);
	conf_mutex_robust(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_SHARED);
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (pthread_mutex_lock(&s->m))
			_exit(1);
		s->locked = 1;
		while (!s->go)
			conf_msleep(1);
		_exit(0); /* dies holding the mutex */
	}
	while (!s->locked)
		conf_msleep(1);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("lock returned %s while the owner was alive",
		     conf_err(b.ret));
	s->go = 1;
	if (conf_wait_child(pid))
		UNRESOLVED("the owner process could not lock");
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken when the owner process died");
	EXPECT(conf_bg_join(&b), EOWNERDEAD);
	PASS();
}
