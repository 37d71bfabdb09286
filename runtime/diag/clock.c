/* Ticks to nanoseconds.  The rate is measured against CLOCK_MONOTONIC
 * between start-up and the first conversion (a report, or an API call),
 * over at least CALIBRATE_NS: the longer the program has run, the better
 * the estimate, and a very short run waits a few milliseconds once. */
#define _GNU_SOURCE
#include "diag.h"

#define CALIBRATE_NS 5000000u

static uint64_t tick0, ns0;
/* 0 until measured; a racing second measurement is as good as the first */
static volatile double ns_per_tick;

void diag_clock_init(void)
{
	ns0 = diag_now();
	tick0 = diag_ticks();
}

uint64_t diag_ticks_to_ns(uint64_t ticks)
{
	if (!DIAG_HAVE_TICKS)
		return ticks;
	double rate = ns_per_tick;
	if (rate == 0) {
		uint64_t ns, tk;
		do {
			ns = diag_now();
			tk = diag_ticks();
		} while (ns - ns0 < CALIBRATE_NS);
		rate = tk > tick0 ? (double)(ns - ns0) / (double)(tk - tick0) : 1.0;
		ns_per_tick = rate;
	}
	return (uint64_t)((double)ticks * rate);
}
