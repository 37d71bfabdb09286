/* cnd_wait releases the mutex while blocked (another thread can lock it)
 * and returns thrd_success owning it again after a signal.  C11 7.26.3.6
 * ("atomically unlocks the mutex ... and endeavors to block until the
 * condition variable is signaled ... it locks the mutex before it
 * returns"). */
#define CONF_WANT_C11
#include "conf.h"

static mtx_t m;
static cnd_t c;
static int ready;
static volatile int returned, may_unlock;

static int waiter(void *arg)
{
	int r = mtx_lock(&m);
	while (r == thrd_success && !ready)
		r = cnd_wait(&c, &m);
	if (r != thrd_success)
		return r;
	returned = 1;
	while (!may_unlock)
		conf_msleep(1);
	return mtx_unlock(&m);
}

int main(void)
{
	struct conf_bg b;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(cnd_init(&c));
	conf_bg_start(&b, waiter, 0);
	if (!conf_bg_blocked(&b))
		FAIL("cnd_wait returned %s without a signal", conf_thrd(b.ret));
	EXPECT_THRD(mtx_trylock(&m), thrd_success);
	ready = 1;
	SETUP_THRD(cnd_signal(&c));
	SETUP_THRD(mtx_unlock(&m));
	while (!returned && !b.done)
		conf_msleep(1);
	EXPECT_THRD(mtx_trylock(&m), thrd_busy);
	may_unlock = 1;
	EXPECT_THRD(conf_bg_join(&b), thrd_success);
	PASS();
}
