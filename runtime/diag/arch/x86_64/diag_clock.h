/* x86_64: the time-stamp counter.  The kernel's clocksource rates it
 * (constant_tsc, nonstop_tsc); diag_clock.c converts ticks to
 * nanoseconds with a rate measured against CLOCK_MONOTONIC. */
#ifndef FX_DIAG_CLOCK_H
#define FX_DIAG_CLOCK_H

#include <stdint.h>

#define DIAG_HAVE_TICKS 1

static inline uint64_t diag_ticks(void)
{
	return __builtin_ia32_rdtsc();
}

#endif
