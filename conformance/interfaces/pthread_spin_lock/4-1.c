/* Optional: pthread_spin_lock by the thread already holding the lock is
 * detected with EDEADLK.  POSIX.1-2017 pthread_spin_lock, ERRORS ("may
 * fail" [EDEADLK] "A deadlock condition was detected"). */
#include "conf.h"

static pthread_spinlock_t s;

static int relock(void *arg)
{
	int r = pthread_spin_lock(&s);
	if (r)
		return -r;
	return pthread_spin_lock(&s);
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	conf_bg_start(&b, relock, 0);
	if (!conf_bg_wait(&b, 200))
		UNSUPPORTED("self-deadlock is not detected (the thread spins)");
	if (b.ret < 0)
		UNRESOLVED("first lock returned %s", conf_err(-b.ret));
	EXPECT(b.ret, EDEADLK);
	PASS();
}
