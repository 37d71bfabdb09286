/* A process-shared robust error-checking mutex held by one process gives
 * EPERM to an unlocker in another process.  POSIX.1-2017
 * pthread_mutexattr_setpshared, DESCRIPTION, with pthread_mutex_unlock,
 * ERRORS ([EPERM]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t *m = conf_shared(sizeof *m);
	conf_mutex_robust(m, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_mutex_lock(m));
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(pthread_mutex_unlock(m) == EPERM ? 0 : 1);
	if (conf_wait_child(pid))
		FAIL("another process's unlock did not return EPERM");
	EXPECT(pthread_mutex_unlock(m), 0);
	PASS();
}
