/* A PTHREAD_PROCESS_SHARED mutex in shared memory excludes across
 * processes: parent and child incrementing a shared counter under it lose
 * no update.  POSIX.1-2017 pthread_mutexattr_setpshared, DESCRIPTION
 * ("permit a mutex to be operated upon by any thread that has access to
 * the memory where the mutex is allocated, even if ... in multiple
 * processes"). */
#include "conf.h"

#define ROUNDS 20000

struct shared {
	pthread_mutex_t m;
	volatile long counter;
	volatile int inside;
};

static int work(struct shared *s)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_mutex_lock(&s->m))
			return 1;
		if (s->inside++)
			return 2;
		s->counter = s->counter + 1;
		s->inside--;
		if (pthread_mutex_unlock(&s->m))
			return 3;
	}
	return 0;
}

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	conf_mutex(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_SHARED);
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(work(s));
	int mine = work(s);
	int child = conf_wait_child(pid);
	if (mine || child)
		FAIL("parent %d, child %d: two owners at once or an error",
		     mine, child);
	EXPECT_EQ(s->counter, 2L * ROUNDS);
	PASS();
}
