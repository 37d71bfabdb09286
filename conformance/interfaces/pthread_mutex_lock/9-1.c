/* Priority inheritance: while a higher-priority thread is blocked on a
 * PTHREAD_PRIO_INHERIT mutex, the owner runs at the waiter's priority; it
 * drops back when it unlocks.  POSIX.1-2017 pthread_mutexattr_getprotocol,
 * DESCRIPTION (PTHREAD_PRIO_INHERIT). */
#include "conf.h"

static pthread_mutex_t m;

static int high_waiter(void *arg)
{
	struct sched_param sp = { .sched_priority = 30 };
	int r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (r)
		return -r;
	r = pthread_mutex_lock(&m);
	if (r == 0)
		r = pthread_mutex_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	pid_t self = conf_gettid();
	conf_need_rt();
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED,
		   PTHREAD_PRIO_INHERIT, 0, PTHREAD_PROCESS_PRIVATE);
	conf_set_fifo(10);
	EXPECT(pthread_mutex_lock(&m), 0);
	conf_bg_start(&b, high_waiter, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the high-priority waiter did not block: %s",
			   conf_err(b.ret));
	int boosted = conf_task_prio(self);
	EXPECT(pthread_mutex_unlock(&m), 0);
	int after = conf_task_prio(self);
	EXPECT(conf_bg_join(&b), 0);
	if (boosted != -31)
		FAIL("owner's kernel priority %d with a SCHED_FIFO 30 waiter, "
		     "expected -31", boosted);
	if (after != -11)
		FAIL("owner's kernel priority %d after unlock, expected -11",
		     after);
	PASS();
}
