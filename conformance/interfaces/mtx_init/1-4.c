/* mtx_init(mtx_timed | mtx_recursive) returns thrd_success and gives a usable mutex.  C11
 * 7.26.4.2 (ISO/IEC 9899:2011), glibc 2.28. */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	EXPECT_THRD(mtx_init(&m, mtx_timed | mtx_recursive), thrd_success);
	EXPECT_THRD(mtx_lock(&m), thrd_success);
	EXPECT_THRD(mtx_unlock(&m), thrd_success);
	mtx_destroy(&m);
	PASS();
}
