/* A process-shared rwlock wakes a writer blocked in another process when
 * the last reader unlocks.  POSIX.1-2017 pthread_rwlockattr_setpshared,
 * DESCRIPTION, with pthread_rwlock_unlock. */
#include "conf.h"

int main(void)
{
	pthread_rwlock_t *rw = conf_shared(sizeof *rw);
	pthread_rwlockattr_t a;
	SETUP(pthread_rwlockattr_init(&a));
	SETUP(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_rwlock_init(rw, &a));
	SETUP(pthread_rwlock_rdlock(rw));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (pthread_rwlock_wrlock(rw))
			_exit(1);
		_exit(pthread_rwlock_unlock(rw) ? 2 : 0);
	}
	if (!conf_wait_sleeping(pid, 0))
		FAIL("the child's writer did not block");
	EXPECT(pthread_rwlock_unlock(rw), 0);
	if (conf_wait_child(pid))
		FAIL("the child's writer failed");
	PASS();
}
