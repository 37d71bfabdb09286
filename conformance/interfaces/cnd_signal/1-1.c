/* cnd_signal returns thrd_success and unblocks a waiting thread.  C11
 * 7.26.3.4. */
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
	SETUP_THRD(cnd_init(&c));
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("the waiter did not block: %s", conf_thrd(b.ret));
	SETUP_THRD(mtx_lock(&m));
	ready = 1;
	EXPECT_THRD(cnd_signal(&c), thrd_success);
	SETUP_THRD(mtx_unlock(&m));
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the waiter was not woken");
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	PASS();
}
