/* Barrier: arrivals counted under a short internal 0/1/2 lock; the round
 * number `seq` is the futex word the others sleep on.  docs/barrier.md.
 *
 *   lock     internal 0/1/2 word guarding arrived and seq
 *   count    threshold, fixed at init
 *   arrived  arrivals in the current round (0..count-1)
 *   seq      round number; the last arrival bumps it and wakes all
 *   leaving  threads of finished rounds still inside wait; destroy waits
 *            for it to reach zero
 *   sleepers threads of the current round that registered to sleep
 *
 * B1  the last arrival resets `arrived` and bumps `seq` in one critical
 *     section, so the next round can start at once without mixing: a
 *     thread of the old round waits for seq != its round, a thread of the
 *     new round counts from zero.
 * B2  waiters spin on seq before sleeping (up to 40 x FXPTHREAD_SPIN
 *     pauses): a round trip between two running threads then needs no
 *     syscall at all.  The budget is
 *     learned per barrier (fx_spin_learn), so it fades out where the
 *     other threads are not running and spinning cannot succeed.
 * B3  a waiter registers in `sleepers` under the lock, after checking
 *     that its round is still open, before it sleeps; the last arrival
 *     takes the count (and resets it) in the critical section that ends
 *     the round and wakes only if it is nonzero.  A waiter either
 *     registered first, and is woken, or finds the round over.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include "fx/futex.h"
#include "fx/internal.h"

#define LEAVING_DESTROY 0x80000000u /* destroy waits on `leaving` */

int fx_barrier_init(fx_barrier_t *b, const uint32_t *attr, unsigned count)
{
	if (count == 0 || count > INT_MAX)
		return EINVAL;
	fx_barrier_t init = { .count = count,
			      .flags = (attr && *attr) ? FX_BARRIER_PSHARED
						       : 0 };
	*b = init;
	return 0;
}

int fx_barrier_destroy(fx_barrier_t *b)
{
	int shared = b->flags & FX_BARRIER_PSHARED;
	fx_lock012(&b->lock, shared);
	uint32_t arrived = b->arrived;
	fx_unlock012(&b->lock, shared);
	if (arrived)
		return EBUSY;
	/* Let the last round's sleepers get out before the memory goes. */
	uint32_t l = fx_fetch_or_seqcst(&b->leaving, LEAVING_DESTROY);
	while (l & ~LEAVING_DESTROY) {
		fx_futex_wait(&b->leaving, l | LEAVING_DESTROY, shared,
			      CLOCK_REALTIME, 0);
		l = fx_load_seqcst(&b->leaving);
	}
	return 0;
}

int fx_barrier_wait(fx_barrier_t *b)
{
	int shared = b->flags & FX_BARRIER_PSHARED;
	fx_lock012(&b->lock, shared);
	uint32_t round = b->seq;
	uint32_t count = b->count;
	if (++b->arrived == count) {
		b->arrived = 0;
		uint32_t sleepers = b->sleepers;		/* B3 */
		b->sleepers = 0;
		fx_fetch_add_seqcst(&b->leaving, count - 1);
		fx_store_release(&b->seq, round + 1);		/* B1 */
		fx_unlock012(&b->lock, shared);
		/* Only the wake syscall after the release: once the others
		 * have left, the barrier may be destroyed and freed. */
		if (sleepers)
			fx_futex_wake(&b->seq, INT_MAX, shared);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	fx_unlock012(&b->lock, shared);

	int max = fx_config.spin * 40, budget = fx_spin_budget_of(&b->spins, max);
	if (fx_spin_while_equal(&b->seq, round, budget)) {	/* B2 */
		fx_spin_learn(&b->spins, budget, max, 1);
		goto out;
	}
	if (max)
		fx_spin_learn(&b->spins, budget, max, 0);
	fx_lock012(&b->lock, shared);				/* B3 */
	int open = fx_load_relaxed(&b->seq) == round;
	if (open)
		b->sleepers++;
	fx_unlock012(&b->lock, shared);
	while (open && fx_load_acquire(&b->seq) == round)
		fx_futex_wait(&b->seq, round, shared, CLOCK_REALTIME, 0);
out:
	if (fx_fetch_sub_seqcst(&b->leaving, 1) == (LEAVING_DESTROY | 1))
		fx_futex_wake(&b->leaving, 1, shared);
	return 0;
}
