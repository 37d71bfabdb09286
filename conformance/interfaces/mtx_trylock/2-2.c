/* mtx_trylock of a plain mutex the caller holds returns thrd_busy (it
 * never blocks).  C11 7.26.4.5, glibc behaviour. */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(mtx_lock(&m));
	EXPECT_THRD(mtx_trylock(&m), thrd_busy);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	PASS();
}
