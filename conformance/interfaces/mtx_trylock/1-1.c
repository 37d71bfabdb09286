/* mtx_trylock of an unlocked mutex returns thrd_success and holds it.
 * C11 7.26.4.5. */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;

static int try_other(void *arg)
{
	return mtx_trylock(&m);
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	EXPECT_THRD(mtx_trylock(&m), thrd_success);
	conf_bg_start(&b, try_other, 0);
	EXPECT_THRD(conf_bg_join(&b), thrd_busy);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	PASS();
}
