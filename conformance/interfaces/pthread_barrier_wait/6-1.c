/* A process-shared barrier synchronises threads of different processes,
 * over many rounds, with one serial return per round.  POSIX.1-2017
 * pthread_barrier_wait, DESCRIPTION, with pthread_barrierattr_setpshared. */
#include "conf.h"

#define ROUNDS 200
struct shared {
	pthread_barrier_t b;
	int serial;
};

static int rounds(struct shared *s)
{
	for (int i = 0; i < ROUNDS; i++) {
		int r = pthread_barrier_wait(&s->b);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&s->serial, 1, __ATOMIC_SEQ_CST);
		else if (r)
			return 1;
	}
	return 0;
}

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	pthread_barrierattr_t a;
	SETUP(pthread_barrierattr_init(&a));
	SETUP(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	SETUP(pthread_barrier_init(&s->b, &a, 2));
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(rounds(s));
	int mine = rounds(s);
	if (conf_wait_child(pid) || mine)
		FAIL("a wait failed");
	EXPECT_EQ(s->serial, ROUNDS);
	PASS();
}
