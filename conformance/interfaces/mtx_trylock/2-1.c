/* mtx_trylock of a mutex held by another thread returns thrd_busy at
 * once.  C11 7.26.4.5 ("returns thrd_busy if the resource requested is
 * already in use"). */
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
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(mtx_lock(&m));
	conf_bg_start(&b, try_other, 0);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("mtx_trylock blocked");
	EXPECT_THRD(conf_bg_join(&b), thrd_busy);
	PASS();
}
