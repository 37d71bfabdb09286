/* pthread_cond_broadcast wakes every waiter of a process-shared condition
 * variable, across processes.  POSIX.1-2017 pthread_cond_broadcast,
 * DESCRIPTION, with pthread_condattr_setpshared. */
#include "conf.h"

#define CHILDREN 3
struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	int ready;
};

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	pthread_condattr_t ca;
	pid_t pid[CHILDREN];
	conf_mutex(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_condattr_init(&ca));
	SETUP(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_cond_init(&s->c, &ca));
	for (int i = 0; i < CHILDREN; i++) {
		pid[i] = conf_fork();
		if (pid[i] == 0) {
			int r = pthread_mutex_lock(&s->m);
			while (r == 0 && !s->ready)
				r = pthread_cond_wait(&s->c, &s->m);
			pthread_mutex_unlock(&s->m);
			_exit(r ? 1 : 0);
		}
		if (!conf_wait_sleeping(pid[i], 0))
			FAIL("child %d did not block", i);
	}
	SETUP(pthread_mutex_lock(&s->m));
	s->ready = 1;
	EXPECT(pthread_cond_broadcast(&s->c), 0);
	SETUP(pthread_mutex_unlock(&s->m));
	for (int i = 0; i < CHILDREN; i++)
		if (conf_wait_child(pid[i]))
			FAIL("child %d's wait failed or never ended", i);
	PASS();
}
