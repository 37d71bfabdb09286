/* mtx_trylock of a recursive mutex the caller holds returns thrd_success
 * and counts.  C11 7.26.4.5. */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;

static int try_other(void *arg)
{
	int r = mtx_trylock(&m);
	if (r == thrd_success)
		mtx_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_plain | mtx_recursive));
	EXPECT_THRD(mtx_trylock(&m), thrd_success);
	EXPECT_THRD(mtx_trylock(&m), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	conf_bg_start(&b, try_other, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_busy);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	conf_bg_start(&b, try_other, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	PASS();
}
