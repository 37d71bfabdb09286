/* pthread_cond_signal wakes a waiter of a process-shared condition
 * variable in another process.  POSIX.1-2017 pthread_cond_signal,
 * DESCRIPTION, with pthread_condattr_setpshared. */
#include "conf.h"

struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	int ready;
};

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	pthread_condattr_t ca;
	conf_mutex(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_condattr_init(&ca));
	SETUP(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_cond_init(&s->c, &ca));
	pid_t pid = conf_fork();
	if (pid == 0) {
		int r = pthread_mutex_lock(&s->m);
		while (r == 0 && !s->ready)
			r = pthread_cond_wait(&s->c, &s->m);
		pthread_mutex_unlock(&s->m);
		_exit(r ? 1 : 0);
	}
	if (!conf_wait_sleeping(pid, 0))
		FAIL("the child did not block");
	SETUP(pthread_mutex_lock(&s->m));
	s->ready = 1;
	EXPECT(pthread_cond_signal(&s->c), 0);
	SETUP(pthread_mutex_unlock(&s->m));
	if (conf_wait_child(pid))
		FAIL("the child's wait failed");
	PASS();
}
