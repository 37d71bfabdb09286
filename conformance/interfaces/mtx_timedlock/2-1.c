/* mtx_timedlock of a mutex held by another thread returns thrd_timedout
 * once the TIME_UTC time ts has passed, not before.  C11 7.26.4.4
 * ("returns thrd_timedout if the time specified was reached without
 * acquiring the requested resource"). */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;
static struct timespec abs_time;

static int timed(void *arg)
{
	return mtx_timedlock(&m, &abs_time);
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(mtx_lock(&m));
	SETUP(timespec_get(&abs_time, TIME_UTC) == TIME_UTC ? 0 : EINVAL);
	abs_time.tv_nsec += 150000000;
	if (abs_time.tv_nsec >= 1000000000) {
		abs_time.tv_nsec -= 1000000000;
		abs_time.tv_sec++;
	}
	conf_bg_start(&b, timed, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_timedout);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs_time))
		FAIL("timed out before ts");
	PASS();
}
