/* glibc: PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP is zero except
 * the 32-bit kind field at byte 48, which holds
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP.  glibc ABI (x86_64). */
#include "conf.h"

int main(void)
{
#if !defined(PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP) || !defined(__x86_64__)
	UNSUPPORTED("glibc x86_64 ABI property");
#else
	static const pthread_rwlock_t init =
		PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	const unsigned char *p = (const unsigned char *)&init;
	for (size_t i = 0; i < sizeof init; i++) {
		if (i >= 48 && i < 52)
			continue;
		if (p[i])
			FAIL("byte %zu is %d", i, p[i]);
	}
	uint32_t kind;
	memcpy(&kind, p + 48, 4);
	EXPECT_EQ(kind, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	PASS();
#endif
}
