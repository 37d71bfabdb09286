/* pthread_mutex_consistent on a process-shared robust mutex whose owning
 * process died: 0, and the mutex works again for both processes.
 * POSIX.1-2017 pthread_mutex_consistent, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t *m = conf_shared(sizeof *m);
	conf_mutex_robust(m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_SHARED);
	conf_owner_process_dies(m);
	SETUP_RC(pthread_mutex_lock(m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(m), 0);
	EXPECT(pthread_mutex_unlock(m), 0);
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (pthread_mutex_lock(m) || pthread_mutex_unlock(m))
			_exit(1);
		_exit(0);
	}
	if (conf_wait_child(pid) != 0)
		FAIL("the child could not lock the recovered mutex");
	PASS();
}
