/* Optional: mtx_init with a type that is not one of the four valid
 * combinations is refused with thrd_error.  C11 7.26.4.2 (the type "shall
 * have one of the following values"; anything else is undefined, and
 * glibc quietly makes a plain mutex). */
#define CONF_WANT_C11
#include "conf.h"

int main(void)
{
	mtx_t m;
	int bad[] = { 4, 8, -1, mtx_timed | 8 };
	for (int i = 0; i < 4; i++) {
		int r = mtx_init(&m, bad[i]);
		if (r == thrd_success)
			UNSUPPORTED("type %d is accepted", bad[i]);
		EXPECT_THRD(r, thrd_error);
	}
	PASS();
}
