/* Any other CPU: no cheap counter; ticks are CLOCK_MONOTONIC
 * nanoseconds. */
#ifndef FX_DIAG_CLOCK_H
#define FX_DIAG_CLOCK_H

#include <stdint.h>
#include <time.h>

#define DIAG_HAVE_TICKS 0

static inline uint64_t diag_ticks(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
