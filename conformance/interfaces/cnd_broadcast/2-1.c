/* cnd_broadcast with no thread waiting does nothing (returns
 * thrd_success).  C11 7.26.3.1 ("If no threads are blocked ... does
 * nothing"). */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	cnd_t c;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(cnd_init(&c));
	EXPECT_THRD(cnd_broadcast(&c), thrd_success);
	SETUP_THRD(mtx_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 100);
	int r, wakeups = 0;
	while ((r = cnd_timedwait(&c, &m, &abs)) == thrd_success)
		wakeups++;
	EXPECT_THRD(r, thrd_timedout);
	if (wakeups > 1)
		FAIL("%d wakeups from a broadcast sent before the wait",
		     wakeups);
	PASS();
}
