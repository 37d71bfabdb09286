/* Destroying the attributes object after pthread_rwlock_init does not
 * affect the lock: a process-shared lock still works across fork.
 * POSIX.1-2017 pthread_rwlockattr_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_rwlockattr_t a;
	pthread_rwlock_t *rw = conf_shared(sizeof *rw);
	SETUP(pthread_rwlockattr_init(&a));
	SETUP(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	EXPECT(pthread_rwlock_init(rw, &a), 0);
	SETUP(pthread_rwlockattr_destroy(&a));
	memset(&a, 0, sizeof a);
	SETUP(pthread_rwlock_wrlock(rw));
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(pthread_rwlock_tryrdlock(rw) == EBUSY ? 0 : 1);
	if (conf_wait_child(pid))
		FAIL("the child could read-lock a write-locked shared lock");
	EXPECT(pthread_rwlock_unlock(rw), 0);
	PASS();
}
