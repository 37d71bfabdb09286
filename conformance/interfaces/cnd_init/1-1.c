/* cnd_init returns thrd_success and gives a usable condition variable.
 * C11 7.26.3.3. */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;
static cnd_t c;
static int ready;

static int waiter(void *arg)
{
	int r = mtx_lock(&m);
	while (r == thrd_success && !ready)
		r = cnd_wait(&c, &m);
	mtx_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	EXPECT_THRD(cnd_init(&c), thrd_success);
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_thrd(b.ret));
	SETUP_THRD(mtx_lock(&m));
	ready = 1;
	EXPECT_THRD(cnd_signal(&c), thrd_success);
	SETUP_THRD(mtx_unlock(&m));
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	cnd_destroy(&c);
	PASS();
}
