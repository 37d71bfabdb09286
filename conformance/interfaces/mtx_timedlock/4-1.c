/* mtx_timedlock on a recursive timed mutex the caller owns returns
 * thrd_success.  C11 7.26.4.4. */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	struct timespec abs = conf_abs(CLOCK_REALTIME, 1000);
	SETUP_THRD(mtx_init(&m, mtx_timed | mtx_recursive));
	EXPECT_THRD(mtx_timedlock(&m, &abs), thrd_success);
	EXPECT_THRD(mtx_timedlock(&m, &abs), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	PASS();
}
