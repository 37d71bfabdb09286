/* aarch64: the generic timer's virtual count, readable from EL0 on Linux
 * and constant-rate by architecture. */
#ifndef FX_DIAG_CLOCK_H
#define FX_DIAG_CLOCK_H

#include <stdint.h>

#define DIAG_HAVE_TICKS 1

static inline uint64_t diag_ticks(void)
{
	uint64_t v;
	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

#endif
