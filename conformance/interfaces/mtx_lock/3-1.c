/* glibc: the GLIBC_2.28 versions of mtx_lock and mtx_unlock (what binaries
 * linked before glibc 2.34 call) work on the same mutex as the current
 * ones.  glibc compatibility symbol. */
#define CONF_WANT_C11
#include "conf.h"

#ifdef __GLIBC__
extern int old_lock(mtx_t *);
extern int old_unlock(mtx_t *);
CONF_COMPAT_SYMBOL(old_lock, mtx_lock, GLIBC_2.28);
CONF_COMPAT_SYMBOL(old_unlock, mtx_unlock, GLIBC_2.28);

int main(void)
{
	mtx_t m;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	EXPECT_THRD(old_lock(&m), thrd_success);
	EXPECT_THRD(mtx_trylock(&m), thrd_busy);
	EXPECT_THRD(old_unlock(&m), thrd_success);
	EXPECT_THRD(mtx_trylock(&m), thrd_success);
	EXPECT_THRD(old_unlock(&m), thrd_success);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
