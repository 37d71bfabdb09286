/* mtx_unlock of a recursive mutex locked twice keeps it held after the
 * first unlock.  C11 7.26.4.6. */
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
	SETUP_THRD(mtx_lock(&m));
	SETUP_THRD(mtx_lock(&m));
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	conf_bg_start(&b, try_other, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_busy);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	conf_bg_start(&b, try_other, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	PASS();
}
