/* The attribute accessors (next.h: DIAG_*ATTR_USE).  With FXPTHREAD_CHECK
 * the attribute object is checked before the core reads it
 * (check_attr.c); otherwise each is a load, a branch and a jump to the
 * core.  The asm label names the symbol, as in forward.c: the C name
 * stays clear of glibc's prototypes. */
#define _GNU_SOURCE
#include "wrap.h"

#define DIAG_ATTR_WRAPPER(ret, name, params, args)                             \
	static DIAG_NOINLINE ret diag_checked_##name params                    \
	{                                                                      \
		if (!diag_tls.in_diag) /* D1 */                                \
			diag_check_attr(#name, a, ATTR_KIND);                  \
		return diag_next.name args;                                    \
	}                                                                      \
	DIAG_EXPORT ret diag_wrap_##name params __asm__(#name);                \
	ret diag_wrap_##name params                                            \
	{                                                                      \
		if (DIAG_CHECK_OFF())                                          \
			return diag_next.name args;                            \
		return diag_checked_##name args;                               \
	}

#define ATTR_KIND DIAG_ATTR_MUTEX
DIAG_MUTEXATTR_USE(DIAG_ATTR_WRAPPER)
#undef ATTR_KIND

#define ATTR_KIND DIAG_ATTR_COND
DIAG_CONDATTR_USE(DIAG_ATTR_WRAPPER)
#undef ATTR_KIND

#define ATTR_KIND DIAG_ATTR_RWLOCK
DIAG_RWLOCKATTR_USE(DIAG_ATTR_WRAPPER)
#undef ATTR_KIND

#define ATTR_KIND DIAG_ATTR_BARRIER
DIAG_BARRIERATTR_USE(DIAG_ATTR_WRAPPER)
#undef ATTR_KIND
