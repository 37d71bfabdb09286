/* Real-time scheduling: a SCHED_FIFO reader does not take the lock while
 * a SCHED_FIFO writer of equal priority is blocked on it.  POSIX.1-2017
 * pthread_rwlock_rdlock, DESCRIPTION ("If the Thread Execution Scheduling
 * option is supported, and the threads involved in the lock are executing
 * with the scheduling policies SCHED_FIFO or SCHED_RR, the calling thread
 * shall not acquire the lock if a writer holds the lock or if writers of
 * higher or equal priority are blocked on the lock"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg w, r;
	conf_need_rt();
	conf_set_fifo(10); /* threads created below inherit it */
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&w, writer, 0);
	if (!conf_bg_blocked(&w))
		UNRESOLVED("the writer did not block");
	conf_bg_start(&r, reader, 0);
	if (!conf_bg_blocked(&r))
		FAIL("a SCHED_FIFO reader got the lock while an equal-priority "
		     "writer was blocked");
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(conf_bg_join(&w), 0);
	EXPECT(conf_bg_join(&r), 0);
	PASS();
}
