/* A PTHREAD_PROCESS_SHARED rwlock in shared memory works across
 * processes: a writer in the child blocks the parent's readers until it
 * unlocks, and a reader in the parent blocks the child's writer.
 * POSIX.1-2017 pthread_rwlockattr_setpshared, DESCRIPTION. */
#include "conf.h"

struct shared {
	pthread_rwlock_t rw;
	volatile int child_locked, parent_done;
};

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	pthread_rwlockattr_t a;
	SETUP(pthread_rwlockattr_init(&a));
	EXPECT(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	SETUP(pthread_rwlock_init(&s->rw, &a));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (pthread_rwlock_wrlock(&s->rw))
			_exit(1);
		s->child_locked = 1;
		while (!s->parent_done)
			conf_msleep(1);
		if (pthread_rwlock_unlock(&s->rw))
			_exit(2);
		_exit(0);
	}
	while (!s->child_locked)
		conf_msleep(1);
	EXPECT(pthread_rwlock_tryrdlock(&s->rw), EBUSY);
	struct timespec abs = conf_abs(CLOCK_REALTIME, 50);
	EXPECT(pthread_rwlock_timedrdlock(&s->rw, &abs), ETIMEDOUT);
	s->parent_done = 1;
	if (conf_wait_child(pid))
		FAIL("the child failed");
	EXPECT(pthread_rwlock_rdlock(&s->rw), 0);
	pid = conf_fork();
	if (pid == 0)
		_exit(pthread_rwlock_trywrlock(&s->rw) == EBUSY ? 0 : 1);
	if (conf_wait_child(pid))
		FAIL("the child write-locked a lock the parent read-holds");
	EXPECT(pthread_rwlock_unlock(&s->rw), 0);
	PASS();
}
