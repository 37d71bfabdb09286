/* A process-shared mutex held by one process blocks a locker in another
 * process until it is unlocked.  POSIX.1-2017 pthread_mutexattr_setpshared,
 * DESCRIPTION. */
#include "conf.h"

struct shared {
	pthread_mutex_t m;
	volatile int child_has_it;
};

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	conf_mutex(&s->m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_mutex_lock(&s->m));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (pthread_mutex_trylock(&s->m) != EBUSY)
			_exit(1);
		if (pthread_mutex_lock(&s->m) != 0)
			_exit(2);
		s->child_has_it = 1;
		_exit(pthread_mutex_unlock(&s->m) ? 3 : 0);
	}
	if (!conf_wait_sleeping(pid, 0))
		FAIL("the child did not block on the held mutex");
	if (s->child_has_it)
		FAIL("the child got the mutex while the parent held it");
	EXPECT(pthread_mutex_unlock(&s->m), 0);
	int st = conf_wait_child(pid);
	if (st)
		FAIL("child failed at step %d", st);
	if (!s->child_has_it)
		FAIL("the child never got the mutex");
	PASS();
}
