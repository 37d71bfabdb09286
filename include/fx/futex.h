/* The one futex layer.  Nothing else in fxpthread issues SYS_futex.
 *
 * Every wrapper returns 0 or a positive count on success and a negative
 * errno on failure, and never touches errno.  `shared` is nonzero for a
 * process-shared object (keys by physical page), zero for a private one
 * (FUTEX_PRIVATE_FLAG, keyed by the address space: cheaper).
 *
 * Timeouts are absolute.  The wait wrappers use FUTEX_WAIT_BITSET, whose
 * timeout is absolute on CLOCK_MONOTONIC, or on CLOCK_REALTIME with
 * FUTEX_CLOCK_REALTIME, so no clock conversion (and no drift when the
 * realtime clock is set) is ever needed.  A NULL timeout waits forever.
 *
 * See docs/futex.md for the kernel semantics each state machine relies on.
 */
#ifndef FX_FUTEX_H
#define FX_FUTEX_H

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include "fx/atomic.h"

static inline int fx_futex_op(int op, int shared)
{
	return shared ? op : (op | FUTEX_PRIVATE_FLAG);
}

static inline long fx_futex_call(volatile uint32_t *w, int op, uint32_t val,
				 const void *timeout_or_val2,
				 volatile uint32_t *w2, uint32_t val3)
{
	return fx_raw_syscall6(SYS_futex, (long)w, op, (long)val,
			       (long)timeout_or_val2, (long)w2, (long)val3);
}

/* Sleep while *w == expected.
 * Returns 0 when woken by a FUTEX_WAKE or after a requeue-and-wake,
 * -EAGAIN when *w != expected at the time of the call, -EINTR on a signal
 * (handlers installed with SA_RESTART restart the wait in the kernel),
 * -ETIMEDOUT when the absolute timeout `abs` on `clock` has passed.
 * Callers treat every return as "re-check the state word". */
static inline int fx_futex_wait(volatile uint32_t *w, uint32_t expected,
				int shared, clockid_t clock,
				const struct timespec *abs)
{
	int op = fx_futex_op(FUTEX_WAIT_BITSET, shared);
	if (abs && clock == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	return (int)fx_futex_call(w, op, expected, abs, 0,
				  FUTEX_BITSET_MATCH_ANY);
}

/* As fx_futex_wait, but the sleeper belongs to the wake classes in
 * `bits` (FUTEX_WAIT_BITSET); fx_futex_wake_bits wakes only sleepers whose
 * classes intersect its own.  Lets one word carry two queues (the rwlock's
 * readers and writers). */
static inline int fx_futex_wait_bits(volatile uint32_t *w, uint32_t expected,
				     uint32_t bits, int shared,
				     clockid_t clock, const struct timespec *abs)
{
	int op = fx_futex_op(FUTEX_WAIT_BITSET, shared);
	if (abs && clock == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	return (int)fx_futex_call(w, op, expected, abs, 0, bits);
}

static inline int fx_futex_wake_bits(volatile uint32_t *w, int n,
				     uint32_t bits, int shared)
{
	long r = fx_futex_call(w, fx_futex_op(FUTEX_WAKE_BITSET, shared),
			       (uint32_t)n, 0, 0, bits);
	return r < 0 ? 0 : (int)r;
}

/* Wake up to n waiters; returns how many were woken (>= 0).
 * Safe on memory that was freed meanwhile: the kernel answers -EFAULT or
 * wakes nobody, so an unlock may wake after its last store. */
static inline int fx_futex_wake(volatile uint32_t *w, int n, int shared)
{
	long r = fx_futex_call(w, fx_futex_op(FUTEX_WAKE, shared), (uint32_t)n,
			       0, 0, 0);
	return r < 0 ? 0 : (int)r;
}

/* Store v into *w and wake one waiter of w, in one step of the kernel
 * (FUTEX_WAKE_OP, with the hash bucket locked): a waiter that sees v
 * knows the caller will not touch *w again, so *w may live on that
 * waiter's stack.  Returns how many were woken (>= 0). */
static inline int fx_futex_store_wake(volatile uint32_t *w, uint32_t v,
				      int shared)
{
	/* FUTEX_OP(SET, v, CMP_EQ, 0), and no second wake (nr_wake2 0) */
	uint32_t op = (v & 0xfffu) << 12;
	long r = fx_futex_call(w, fx_futex_op(FUTEX_WAKE_OP, shared), 1, 0, w,
			       op);
	if (r >= 0)
		return (int)r;
	/* Refused (a seccomp filter or an emulator without it): the same
	 * in two steps.  The wake may then find a waiter gone and its stack
	 * reused, which the kernel tolerates (a spurious wake at worst). */
	fx_store_seqcst(w, v);
	return fx_futex_wake(w, 1, shared);
}

/* If *w == expected, wake up to nwake waiters of w and move up to
 * nrequeue of the rest onto w2's queue.  Returns woken + requeued, or
 * -EAGAIN when *w changed.  Both words must be of the same kind
 * (private/shared). */
static inline int fx_futex_cmp_requeue(volatile uint32_t *w, uint32_t expected,
				       int nwake, int nrequeue,
				       volatile uint32_t *w2, int shared)
{
	return (int)fx_futex_call(w, fx_futex_op(FUTEX_CMP_REQUEUE, shared),
				  (uint32_t)nwake,
				  (const void *)(long)nrequeue, w2, expected);
}

/* Priority-inheritance lock of a TID-owned word (kernel protocol:
 * 0 = free, TID | FUTEX_WAITERS | FUTEX_OWNER_DIED otherwise).
 * Returns 0 once the caller owns the word (check FUTEX_OWNER_DIED in it),
 * -ETIMEDOUT, -EDEADLK (the caller already owns it), -ESRCH/-EINVAL for a
 * corrupted word.  FUTEX_LOCK_PI2 honours the clock (kernel >= 5.14); on
 * older kernels (and under valgrind) this falls back to FUTEX_LOCK_PI,
 * whose timeout is always CLOCK_REALTIME, and returns -ENOSYS for a
 * CLOCK_MONOTONIC deadline, which the caller translates (lock_pi_wait in
 * runtime/mutex/mutex_tid.c). */
static inline int fx_futex_lock_pi(volatile uint32_t *w, int shared,
				   clockid_t clock, const struct timespec *abs)
{
	int op = fx_futex_op(FUTEX_LOCK_PI2, shared);
	if (abs && clock == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	long r = fx_futex_call(w, op, 0, abs, 0, 0);
	if (r == -ENOSYS && (!abs || clock == CLOCK_REALTIME))
		r = fx_futex_call(w, fx_futex_op(FUTEX_LOCK_PI, shared), 0,
				  abs, 0, 0);
	return (int)r;
}

static inline int fx_futex_trylock_pi(volatile uint32_t *w, int shared)
{
	return (int)fx_futex_call(w, fx_futex_op(FUTEX_TRYLOCK_PI, shared), 0,
				  0, 0, 0);
}

/* Hand a PI word to its highest-priority waiter (or set it to 0). */
static inline int fx_futex_unlock_pi(volatile uint32_t *w, int shared)
{
	return (int)fx_futex_call(w, fx_futex_op(FUTEX_UNLOCK_PI, shared), 0,
				  0, 0, 0);
}

/* Wait on w (a condvar word, == expected) to be requeued onto the PI
 * word w2 by fx_futex_cmp_requeue_pi.  Returns 0 when the caller owns w2. */
static inline int fx_futex_wait_requeue_pi(volatile uint32_t *w,
					   uint32_t expected,
					   volatile uint32_t *w2, int shared,
					   clockid_t clock,
					   const struct timespec *abs)
{
	int op = fx_futex_op(FUTEX_WAIT_REQUEUE_PI, shared);
	if (abs && clock == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	return (int)fx_futex_call(w, op, expected, abs, w2, 0);
}

static inline int fx_futex_cmp_requeue_pi(volatile uint32_t *w,
					  uint32_t expected, int nrequeue,
					  volatile uint32_t *w2, int shared)
{
	return (int)fx_futex_call(w, fx_futex_op(FUTEX_CMP_REQUEUE_PI, shared),
				  1, (const void *)(long)nrequeue, w2,
				  expected);
}

#endif
