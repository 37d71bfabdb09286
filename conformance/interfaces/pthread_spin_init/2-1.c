/* A PTHREAD_PROCESS_SHARED spin lock in shared memory excludes across
 * processes: parent and child incrementing a shared counter under it lose
 * no update.  POSIX.1-2017 pthread_spin_init, DESCRIPTION ("the spin lock
 * can be operated upon by any thread that has access to the memory where
 * the spin lock is allocated, even if it is allocated in memory that is
 * shared by multiple processes"). */
#include "conf.h"

#define ROUNDS 20000
struct shared {
	pthread_spinlock_t s;
	volatile long counter;
};

static int work(struct shared *sh)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_spin_lock(&sh->s))
			return 1;
		sh->counter = sh->counter + 1;
		if (pthread_spin_unlock(&sh->s))
			return 2;
	}
	return 0;
}

int main(void)
{
	struct shared *sh = conf_shared(sizeof *sh);
	EXPECT(pthread_spin_init(&sh->s, PTHREAD_PROCESS_SHARED), 0);
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(work(sh));
	int mine = work(sh);
	if (conf_wait_child(pid) || mine)
		FAIL("a lock or unlock failed");
	EXPECT_EQ(sh->counter, 2L * ROUNDS);
	PASS();
}
