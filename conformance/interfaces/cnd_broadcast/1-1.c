/* cnd_broadcast returns thrd_success and unblocks every waiting thread.
 * C11 7.26.3.1. */
#define CONF_WANT_C11
#include "conf.h"

#define WAITERS 4
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
	struct conf_bg b[WAITERS];
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(cnd_init(&c));
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d did not block", i);
	}
	SETUP_THRD(mtx_lock(&m));
	ready = 1;
	EXPECT_THRD(cnd_broadcast(&c), thrd_success);
	SETUP_THRD(mtx_unlock(&m));
	for (int i = 0; i < WAITERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("waiter %d was not woken", i);
		EXPECT_THRD(conf_bg_join(&b[i]), thrd_success);
	}
	PASS();
}
