/* cnd_destroy releases a condition variable nobody waits on; the object
 * can be initialised again and used.  C11 7.26.3.2. */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	cnd_t c;
	mtx_t m;
	SETUP_THRD(mtx_init(&m, mtx_timed));
	SETUP_THRD(cnd_init(&c));
	SETUP_THRD(cnd_signal(&c));
	cnd_destroy(&c);
	EXPECT_THRD(cnd_init(&c), thrd_success);
	SETUP_THRD(mtx_lock(&m));
	struct timespec abs = conf_abs(CLOCK_REALTIME, 50);
	int r;
	while ((r = cnd_timedwait(&c, &m, &abs)) == thrd_success)
		;
	EXPECT_THRD(r, thrd_timedout);
	SETUP_THRD(mtx_unlock(&m));
	cnd_destroy(&c);
	PASS();
}
