/* cnd_timedwait with a time already passed returns thrd_timedout promptly.
 * C11 7.26.3.5. */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	cnd_t c;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(cnd_init(&c));
	SETUP_THRD(mtx_lock(&m));
	struct timespec past = conf_abs(CLOCK_REALTIME, -1000);
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	EXPECT_THRD(cnd_timedwait(&c, &m, &past), thrd_timedout);
	if (conf_now_ns(CLOCK_MONOTONIC) - t0 > 1000000000LL)
		FAIL("took more than a second for an expired time");
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	PASS();
}
