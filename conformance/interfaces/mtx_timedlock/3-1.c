/* mtx_timedlock returns thrd_success when the holder unlocks before the
 * time is reached.  C11 7.26.4.4. */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;

static int timed(void *arg)
{
	struct timespec abs = conf_abs(CLOCK_REALTIME, 8000);
	int r = mtx_timedlock(&m, &abs);
	if (r == thrd_success)
		r = mtx_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(mtx_lock(&m));
	conf_bg_start(&b, timed, 0);
	if (!conf_bg_blocked(&b))
		FAIL("mtx_timedlock returned %s while the mutex was held",
		     conf_thrd(b.ret));
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not released");
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	PASS();
}
