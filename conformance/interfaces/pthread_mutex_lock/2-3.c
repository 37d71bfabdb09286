/* Relocking a priority-inheritance normal mutex by its owner deadlocks: no deadlock detection, the
 * call does not return.  POSIX.1-2017 pthread_mutex_lock, DESCRIPTION
 * ("If the mutex type is PTHREAD_MUTEX_NORMAL, deadlock detection shall
 * not be provided. Attempting to relock the mutex causes deadlock."). */
#include "conf.h"

static pthread_mutex_t m;

static int relock(void *arg)
{
	int r = pthread_mutex_lock(&m);
	if (r)
		return -r;
	return pthread_mutex_lock(&m);
}

int main(void)
{
	struct conf_bg b;
	conf_mutex(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_INHERIT, 0,
		   PTHREAD_PROCESS_PRIVATE);
	conf_bg_start(&b, relock, 0);
	if (conf_bg_blocked(&b))
		PASS();
	if (b.ret < 0)
		UNRESOLVED("first lock returned %s", conf_err(-b.ret));
	FAIL("relock by the owner returned %s instead of deadlocking",
	     conf_err(b.ret));
}
