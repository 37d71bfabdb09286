/* Every name of the core that diagnostics do not observe, forwarded as
 * is (next.h says why they are exported here at all).  Each compiles to
 * a single indirect jump. */
#define _GNU_SOURCE
#include "diag.h"

/* The asm label names the symbol; the C name stays clear of glibc's
 * prototypes (some of which redirect the _np spellings). */
#define DIAG_FORWARD(ret, name, params, args)                                  \
	DIAG_EXPORT ret diag_fwd_##name params __asm__(#name);                 \
	ret diag_fwd_##name params                                             \
	{                                                                      \
		return diag_next.name args;                                    \
	}
DIAG_FORWARDED(DIAG_FORWARD)
