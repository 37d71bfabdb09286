/* mtx_unlock releases a thread blocked in mtx_lock.  C11 7.26.4.6. */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;

static int locker(void *arg)
{
	int r = mtx_lock(&m);
	if (r == thrd_success)
		r = mtx_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(mtx_lock(&m));
	conf_bg_start(&b, locker, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the locker did not block");
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	if (!conf_bg_wait(&b, CONF_PATIENCE_MS))
		FAIL("the blocked locker was not released");
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	PASS();
}
