/* mtx_destroy releases an unlocked mutex; the object can then be
 * initialised again and used.  C11 7.26.4.1. */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(mtx_lock(&m));
	SETUP_THRD(mtx_unlock(&m));
	mtx_destroy(&m);
	EXPECT_THRD(mtx_init(&m, mtx_timed | mtx_recursive), thrd_success);
	EXPECT_THRD(mtx_lock(&m), thrd_success);
	EXPECT_THRD(mtx_lock(&m), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	mtx_destroy(&m);
	PASS();
}
