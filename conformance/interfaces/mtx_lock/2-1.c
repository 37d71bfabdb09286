/* mtx_lock on a recursive mutex the caller owns returns thrd_success.
 * C11 7.26.4.3 ("the calling thread shall not already own the mutex"
 * unless it is recursive). */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	SETUP_THRD(mtx_init(&m, mtx_timed | mtx_recursive));
	for (int i = 0; i < 5; i++)
		EXPECT_THRD(mtx_lock(&m), thrd_success);
	for (int i = 0; i < 5; i++)
		EXPECT_THRD(mtx_unlock(&m), thrd_success);
	EXPECT_THRD(mtx_trylock(&m), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	PASS();
}
