/* glibc: mtx_timedlock that would block, with tv_nsec out of range,
 * returns thrd_error.  glibc behaviour (C11 leaves it undefined). */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;

static int timed(void *arg)
{
	struct timespec bad = conf_abs(CLOCK_REALTIME, 1000);
	bad.tv_nsec = 1000000000;
	return mtx_timedlock(&m, &bad);
}

int main(void)
{
#ifndef __GLIBC__
	UNSUPPORTED("glibc behaviour");
#else
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(mtx_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("mtx_timedlock with an invalid time did not return");
	EXPECT_THRD(conf_bg_join(&b), thrd_error);
	PASS();
#endif
}
