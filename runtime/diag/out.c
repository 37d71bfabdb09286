/* Output without stdio: reports go through a buffer on the caller's stack
 * and write(2), so they work in a fork child, at exit while other threads
 * still run, and with stdio's locks held by a thread that is deadlocked.
 * Also the internal lock (D2) and the report lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include "diag.h"
#include "fx/futex.h"
#include "fx/internal.h"

void diag_lock(diag_lock_t *l)
{
	uint32_t expected = FX_UNLOCKED;
	if (fx_cas_acquire(l, &expected, FX_LOCKED))
		return;
	while (fx_xchg_acquire(l, FX_CONTENDED) != FX_UNLOCKED)
		fx_futex_wait(l, FX_CONTENDED, 0, CLOCK_MONOTONIC, 0);
}

void diag_unlock(diag_lock_t *l)
{
	if (fx_xchg_release(l, FX_UNLOCKED) == FX_CONTENDED)
		fx_futex_wake(l, 1, 0);
}

void diag_out_init(struct diag_out *o, int fd)
{
	o->fd = fd;
	o->len = 0;
}

void diag_flush(struct diag_out *o)
{
	size_t done = 0;
	while (done < o->len) {
		ssize_t w = write(o->fd, o->buf + done, o->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	o->len = 0;
}

void diag_printf(struct diag_out *o, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	for (int attempt = 0; attempt < 2; attempt++) {
		size_t room = sizeof o->buf - o->len;
		va_start(ap, fmt);
		int n = vsnprintf(o->buf + o->len, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			break;
		if ((size_t)n < room) {
			o->len += (size_t)n;
			break;
		}
		if (attempt == 0 && o->len > 0) {
			diag_flush(o); /* retry into an empty buffer */
			continue;
		}
		o->len = sizeof o->buf - 1; /* truncated line */
		o->buf[o->len++] = '\n';
		diag_flush(o);
		break;
	}
	errno = saved;
}

void diag_print_duration(struct diag_out *o, uint64_t ns)
{
	if (ns < 1000)
		diag_printf(o, "%lu ns", (unsigned long)ns);
	else if (ns < 1000000)
		diag_printf(o, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		diag_printf(o, "%.1f ms", (double)ns / 1e6);
	else
		diag_printf(o, "%.2f s", (double)ns / 1e9);
}

/* The report lock is recursive for its owner, so a check that fires while
 * a report is being written (by the same thread) still gets its message
 * out; in_diag keeps libunwind's own locking out of our wrappers. */
static diag_lock_t report_lock;
static pid_t report_owner;
static int report_depth;

void diag_report_begin(void)
{
	pid_t me = diag_gettid();
	if (fx_load_relaxed(&report_owner) != me) {
		diag_lock(&report_lock);
		fx_store_relaxed(&report_owner, me);
	}
	report_depth++;
	diag_tls.in_diag++;
}

void diag_report_end(void)
{
	diag_tls.in_diag--;
	if (--report_depth == 0) {
		fx_store_relaxed(&report_owner, 0);
		diag_unlock(&report_lock);
	}
}

void diag_report_after_fork_child(void)
{
	report_lock = 0;
	report_owner = 0;
	report_depth = 0;
}
