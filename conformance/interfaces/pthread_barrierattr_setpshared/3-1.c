/* A barrier made PTHREAD_PROCESS_SHARED holds back a thread of one process
 * until a thread of another process arrives.  POSIX.1-2017
 * pthread_barrierattr_setpshared, DESCRIPTION. */
#include "conf.h"

struct shared {
	pthread_barrier_t b;
	volatile int child_passed;
};

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	pthread_barrierattr_t a;
	SETUP(pthread_barrierattr_init(&a));
	EXPECT(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	SETUP(pthread_barrier_init(&s->b, &a, 2));
	pid_t pid = conf_fork();
	if (pid == 0) {
		int r = pthread_barrier_wait(&s->b);
		s->child_passed = 1;
		_exit(r == 0 || r == PTHREAD_BARRIER_SERIAL_THREAD ? 0 : 1);
	}
	if (!conf_wait_sleeping(pid, 0))
		FAIL("the child did not block at the barrier");
	if (s->child_passed)
		FAIL("the child passed alone");
	int r = pthread_barrier_wait(&s->b);
	if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
		FAIL("the parent's wait returned %d", r);
	if (conf_wait_child(pid))
		FAIL("the child's wait failed");
	PASS();
}
