/* A PTHREAD_PROCESS_SHARED condition variable in shared memory works
 * across processes in both directions (ping-pong between parent and
 * child).  POSIX.1-2017 pthread_condattr_setpshared, DESCRIPTION. */
#include "conf.h"

#define ROUNDS 200
struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	int turn; /* even: parent's turn, odd: child's */
};

static int play(struct shared *s, int me)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_mutex_lock(&s->m))
			return 1;
		while ((s->turn & 1) != me)
			if (pthread_cond_wait(&s->c, &s->m))
				return 2;
		s->turn++;
		pthread_cond_broadcast(&s->c);
		pthread_mutex_unlock(&s->m);
	}
	return 0;
}

int main(void)
{
	struct shared *s = conf_shared(sizeof *s);
	pthread_condattr_t ca;
	conf_mutex(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_NONE, 0, PTHREAD_PROCESS_SHARED);
	SETUP(pthread_condattr_init(&ca));
	EXPECT(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED), 0);
	SETUP(pthread_cond_init(&s->c, &ca));
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(play(s, 1));
	int mine = play(s, 0);
	int child = conf_wait_child(pid);
	if (mine || child)
		FAIL("parent %d, child %d", mine, child);
	EXPECT_EQ(s->turn, 2 * ROUNDS);
	PASS();
}
