/* cnd_timedwait returns thrd_timedout once the TIME_UTC time ts is
 * reached without a signal, not before, and the mutex is held again.  C11
 * 7.26.3.5. */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;

static int try_other(void *arg)
{
	return mtx_trylock(&m);
}

int main(void)
{
	cnd_t c;
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(cnd_init(&c));
	SETUP_THRD(mtx_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 150);
	int r;
	while ((r = cnd_timedwait(&c, &m, &abs)) == thrd_success)
		;
	EXPECT_THRD(r, thrd_timedout);
	if (conf_now_ns(CLOCK_REALTIME) < conf_ts_ns(&abs))
		FAIL("timed out before ts");
	conf_bg_start(&b, try_other, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_busy);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	PASS();
}
