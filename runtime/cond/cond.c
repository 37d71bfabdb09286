/* Condition variables: a sequence word plus a waiter count, with
 * broadcast requeueing sleepers onto the mutex.  Protocol, ordering
 * argument and destroy rules: docs/cond.md.
 *
 *   seq      bumped (+1) by every signal and broadcast; waiters sleep on
 *            the value they read while still holding the mutex.
 *   waiters  threads between "registered" and "done with the condvar":
 *            waiters, and wakers around a wake they count (C5); written
 *            by them (+1 / -1) and by destroy (DESTROYING bit).
 *   sleepers never less than the number of threads queued on seq: a
 *            waiter adds itself before it sleeps; the waker that takes
 *            threads off seq's queue subtracts the count the kernel
 *            returns, and a waiter nobody took subtracts itself (C5).
 *   mutex    the mutex of the latest waiter, for requeue (private only).
 *
 * Invariants:
 *   C1  a waiter increments `waiters` before it reads `seq`, and a waker
 *       bumps `seq` before it reads `waiters` (both seq_cst): either the
 *       waker sees the waiter, or the waiter sees the new seq and does not
 *       sleep.  Hence no lost wakeup, and no syscall when nobody waits.
 *   C2  FUTEX_WAKE reaches only threads queued in the kernel at the time,
 *       all of which read seq before the bump: a thread that starts
 *       waiting after a signal cannot consume it.
 *   C3  a waiter touches the condvar last when it decrements `waiters`;
 *       destroy waits for the count to reach zero, kicking requeued
 *       waiters off the mutex so they can get there.
 *   C4  waiters with a PI mutex are not counted and never touch the
 *       condvar after their sleep (the kernel may hand them the mutex
 *       directly); a waiter publishes its mutex (seq_cst) before it reads
 *       seq, and a waker reads the mutex (seq_cst) after bumping seq, so a
 *       waker always knows to use FUTEX_CMP_REQUEUE_PI.
 *   C5  wakers skip the syscall when `sleepers` is 0, which happens only
 *       when seq's queue is empty.  A waiter adds itself (seq_cst) before
 *       its FUTEX_WAIT, a waker reads it (seq_cst) after bumping seq: a
 *       waiter the waker does not see finds seq changed and does not
 *       sleep (as C1).  A waiter that returns 0 was taken off the queue by
 *       a waker, which counted it; EAGAIN means it never slept, so it
 *       subtracts itself; after a timeout or a signal it subtracts itself
 *       only if seq is unchanged, which proves no waker took it (a waker
 *       bumps seq first).  Otherwise it may stay counted: extra wakes
 *       later, never a missed one.  A waker subtracts after its wake, so
 *       it counts itself in `waiters` around it (C3: a waiter it woke may
 *       destroy the condvar at once).
 *   C6  only a requeueing broadcast puts threads to sleep on the mutex
 *       word, and it bumps `requeues` before its FUTEX_CMP_REQUEUE.  A
 *       waiter that finds `requeues` unchanged after its sleep was neither
 *       requeued nor woken by such a broadcast, so nobody it must wake
 *       sleeps on the word because of it: it re-locks as any locker does,
 *       leaving the word 1, and its unlock makes no futile wake.  Other
 *       waiters re-lock in contended mode (2), which keeps the requeued
 *       chain going.
 *   C7  a broadcast that read `sleepers` <= W (the threads it wakes at
 *       once) wakes them all with FUTEX_WAKE and does not bump
 *       `requeues`: no more than `sleepers` threads are queued on seq
 *       (C5), so a FUTEX_CMP_REQUEUE would have moved nobody, and C6's
 *       premise (nobody sleeps on the word because of this broadcast)
 *       holds.  Its waiters then re-lock without marking the word.
 *   C8  a waiter spins on seq between releasing the mutex and counting
 *       itself in `sleepers` (a bounded, learned budget): a signal that
 *       finds nobody counted makes no syscall, and the spinner leaves as
 *       a sleeper whose FUTEX_WAIT saw seq changed would (EAGAIN).  To
 *       every other thread a spinner is a waiter that has not reached its
 *       FUTEX_WAIT yet, which C1-C7 already allow for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sys/resource.h>
#include "fx/fast.h"
#include "fx/futex.h"
#include "fx/internal.h"

int fx_cond_init(fx_cond_t *c, const uint32_t *attr)
{
	fx_cond_t init = { .flags = attr ? *attr : 0 };
	*c = init;
	return 0;
}

static inline int cond_shared(const fx_cond_t *c)
{
	return fx_load_relaxed(&c->flags) & FX_COND_PSHARED;
}

/* The mutex of a private condvar whose waiters sleep with
 * FUTEX_WAIT_REQUEUE_PI (docs/cond.md#pi): such waiters can only be moved
 * by FUTEX_CMP_REQUEUE_PI, never woken by FUTEX_WAKE. */
static fx_mutex_t *pi_mutex(const fx_cond_t *c)
{
	if (cond_shared(c))
		return 0;
	fx_mutex_t *m = fx_load_seqcst(&c->mutex);		/* C4 */
	if (!m)
		return 0;
	uint32_t kind = fx_load_relaxed(&m->kind);
	return (kind & FX_MUTEX_PI) && kind != UINT32_MAX ? m : 0;
}

/* Move up to 1 + nrequeue PI waiters onto m's word: the first is handed
 * the lock if it is free, the rest queue on it in priority order. */
static void requeue_pi(fx_cond_t *c, fx_mutex_t *m, int nrequeue)
{
	for (;;) {
		uint32_t seq = fx_load_seqcst(&c->seq);
		int r = fx_futex_cmp_requeue_pi(&c->seq, seq, nrequeue,
						&m->lock, 0);
		if (r != -EAGAIN)
			return;
	}
}

/* Leave the condvar: the last access to it (C3). */
static void leave(fx_cond_t *c, int shared)
{
	uint32_t w = fx_fetch_sub_seqcst(&c->waiters, 1);
	if ((w & FX_COND_DESTROYING) && (w & FX_COND_WAITERS_MASK) == 1)
		fx_futex_wake(&c->waiters, 1, shared); /* may be freed: ok */
}

/* A waker that will touch the condvar after its wake (to subtract what
 * the kernel took off seq's queue, C5) counts itself in `waiters` first:
 * a waiter it frees may destroy the condvar at once, and destroy waits
 * for the count to drain (C3). */
static inline void waker_enter(fx_cond_t *c)
{
	fx_fetch_add_seqcst(&c->waiters, 1);
}

static inline void waker_leave(fx_cond_t *c, int took)
{
	if (took > 0)
		fx_fetch_sub_seqcst(&c->sleepers, (uint32_t)took);
	leave(c, cond_shared(c));
}

int fx_cond_signal(fx_cond_t *c)
{
	fx_fetch_add_seqcst(&c->seq, 1);
	fx_mutex_t *pm = pi_mutex(c);
	if (pm) {
		requeue_pi(c, pm, 0);	/* PI waiters are not counted (C4) */
		return 0;
	}
	if (fx_load_seqcst(&c->sleepers)) {			/* C5 */
		waker_enter(c);
		waker_leave(c, fx_futex_wake(&c->seq, 1, cond_shared(c)));
	}
	return 0;
}

/* Requeue is possible when the mutex's word is a private 0/1/2 word: its
 * unlock wakes one sleeper whenever the word is 2, and each requeued
 * waiter re-marks it 2 (fx_mutex_cond_reacquire), so the requeued chain
 * drains one thread per unlock. */
static fx_mutex_t *requeue_target(const fx_cond_t *c)
{
	if (cond_shared(c))
		return 0;
	fx_mutex_t *m = fx_load_relaxed(&c->mutex);
	if (!m)
		return 0;
	uint32_t kind = fx_load_relaxed(&m->kind);
	/* TID-owned words have their own protocol; a PP mutex re-locks
	 * through the ceiling path, which may take the word as 1. */
	if (kind & (FX_MUTEX_TID_OWNED | FX_MUTEX_PP | FX_MUTEX_PSHARED) ||
	    kind == UINT32_MAX)
		return 0;
	return m;
}

int fx_cond_broadcast(fx_cond_t *c)
{
	uint32_t seq = fx_fetch_add_seqcst(&c->seq, 1) + 1;
	fx_mutex_t *pm = pi_mutex(c);
	if (pm) {
		requeue_pi(c, pm, INT_MAX);
		return 0;
	}
	uint32_t ns = fx_load_seqcst(&c->sleepers);		/* C5 */
	if (!ns)
		return 0;
	waker_enter(c);
	/* C7: at most `ns` threads are queued on seq (C5), so with no more
	 * than W of them a requeue would move nobody: wake them and leave
	 * `requeues` alone, and they re-lock without marking the word. */
	fx_mutex_t *m = ns > (uint32_t)fx_config.bcast_wake ? requeue_target(c) : 0;
	int r = -EAGAIN;
	if (m) {
		/* Wake a few (fx_config.bcast_wake: several per CPU, so that
		 * their wakeup latencies overlap instead of adding up along
		 * the mutex chain), move the rest onto the mutex.  -EAGAIN
		 * means another signal or broadcast bumped seq meanwhile and
		 * every sleeper has already seen a change: wake them all. */
		fx_fetch_add_seqcst(&c->requeues, 1);		/* C6 */
		r = fx_futex_cmp_requeue(&c->seq, seq, fx_config.bcast_wake,
					 INT_MAX, &m->lock, 0);
	}
	if (r < 0)
		r = fx_futex_wake(&c->seq, INT_MAX, cond_shared(c));
	waker_leave(c, r);
	return 0;
}

struct wait_ctx {
	fx_cond_t *c;
	int shared;
	int pi; /* sleeping with FUTEX_WAIT_REQUEUE_PI */
	fx_mutex_t *m;
	uint32_t seq;
	uint32_t requeues; /* c->requeues before the sleep (C6) */
	uint32_t depth;
};

/* After a sleep on seq that returned r (C5): 0 means a waker took this
 * thread off the queue and counted it; otherwise it subtracts itself when
 * it provably was not taken. */
static void slept(fx_cond_t *c, uint32_t seq, int r)
{
	if (r == 0)
		return;
	if (r == -EAGAIN || fx_load_seqcst(&c->seq) == seq)
		fx_fetch_sub_seqcst(&c->sleepers, 1);
}

/* Cancellation while blocked: the wake we may have been chosen for must
 * not be lost, so pass one on (a spurious wakeup for someone, at worst),
 * then leave and re-acquire the mutex before the cleanup handlers run. */
static void wait_cancelled(void *arg)
{
	struct wait_ctx *x = arg;
	uint32_t seq = fx_load_seqcst(&x->c->seq);
	if (!x->pi)
		slept(x->c, x->seq, -EINTR);
	if (seq != x->seq)
		fx_cond_signal(x->c);
	if (!x->pi)
		leave(x->c, x->shared);
	if (x->pi && (fx_load_relaxed(&x->m->lock) & FUTEX_TID_MASK) ==
			     (uint32_t)fx_tid()) {
		/* The kernel had already handed us the PI mutex. */
		fx_mutex_pi_adopt(x->m);
		x->m->count = x->depth;
		return;
	}
	fx_mutex_robust_pending_clear();
	fx_mutex_cond_reacquire(x->m, x->depth, 1);
}

/* The futex sleep is the cancellation point (POSIX): asynchronous
 * cancellation is enabled around it only, with wait_cancelled as the
 * cleanup handler, using nothing but the public pthread API. */
static FX_NOINLINE int cancellable_sleep(struct wait_ctx *x, clockid_t clock,
					 const struct timespec *abs)
{
	int r, oldtype;
	/* Counted before cancellation can strike, so that wait_cancelled
	 * always has something to subtract. */
	if (!x->pi)
		fx_fetch_add_seqcst(&x->c->sleepers, 1);	/* C5 */
	pthread_cleanup_push(wait_cancelled, x);
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &oldtype);
	if (x->pi)
		r = fx_futex_wait_requeue_pi(&x->c->seq, x->seq, &x->m->lock,
					     x->shared, clock, abs);
	else
		r = fx_futex_wait(&x->c->seq, x->seq, x->shared, clock, abs);
	pthread_setcanceltype(oldtype, &oldtype);
	pthread_cleanup_pop(0);
	if (!x->pi)
		slept(x->c, x->seq, r);
	return r;
}

/* C8: look for a signal or broadcast before sleeping, up to the budget
 * learned on this condvar (fx_spin_learn: doubled by a spin that saw seq
 * move, halved by one that had to sleep, between SPIN_FLOOR and 2 x
 * FXPTHREAD_SPIN pauses).  That short budget catches a partner that
 * answers at once (ping-pong) without holding a CPU for long while the
 * signaller's next item is still coming (producer/consumer, where a long
 * spin costs throughput).  Every SPIN_PROBE-th spin of a thread looks for
 * 10 times longer, about a wakeup's latency, and learns only from a
 * success: two threads that both fell asleep, each woken too late for
 * the other's short spin, find each other again.  Returns 1 when seq
 * moved: the wake is this thread's, and a cancellation request pending
 * meanwhile is acted on here, as the sleep it skipped would have. */
#define SPIN_FLOOR 16
#define SPIN_PROBE 32

/* The cancellation point of a wait whose spin succeeded: a request that
 * came meanwhile is acted on as the skipped sleep would have. */
static FX_NOINLINE void spin_testcancel(struct wait_ctx *x)
{
	pthread_cleanup_push(wait_cancelled, x);
	pthread_testcancel();
	pthread_cleanup_pop(0);
}
static int spin_for_wake(struct wait_ctx *x)
{
	int max = fx_config.spin * 2;
	fx_cond_t *c = x->c;
	/* Only while fewer threads wait here than there are CPUs: the thread
	 * that will signal needs a CPU, and of many waiters only one or a few
	 * would be signalled soon. */
	if (!max || x->pi ||
	    (fx_load_relaxed(&c->waiters) & FX_COND_WAITERS_MASK) >=
		    (uint32_t)fx_config.ncpu)
		return 0;
	/* A thread the scheduler took off its CPU since its last probe
	 * (involuntary context switches) shares the CPUs with more runnable
	 * threads than there are: it does not spin until a probe finds it
	 * undisturbed again, as spinning would only delay those threads. */
	int probe = ++fx_self_tls.cond_spins % SPIN_PROBE == 0;
	if (probe) {
		struct rusage ru;
		if (getrusage(RUSAGE_THREAD, &ru) == 0) {
			fx_self_tls.cond_crowded =
				ru.ru_nivcsw != fx_self_tls.cond_nivcsw;
			fx_self_tls.cond_nivcsw = ru.ru_nivcsw;
		}
	}
	if (fx_self_tls.cond_crowded)
		return 0;
	int budget = probe ? 10 * max : fx_spin_budget_of(&c->spins, max);
	if (fx_spin_while_equal(&c->seq, x->seq, budget)) {
		fx_spin_learn(&c->spins, budget, max, 1);
		spin_testcancel(x);
		return 1;
	}
	if (!probe)
		fx_spin_learn(&c->spins,
			      budget < 2 * SPIN_FLOOR ? 2 * SPIN_FLOOR : budget,
			      max, 0);
	return 0;
}

int fx_cond_wait(fx_cond_t *c, fx_mutex_t *m, clockid_t clock,
		 const struct timespec *abs)
{
	uint32_t flags = fx_load_relaxed(&c->flags);
	int shared = flags & FX_COND_PSHARED;
	if (clock < 0)
		clock = (flags & FX_COND_MONOTONIC) ? CLOCK_MONOTONIC
						    : CLOCK_REALTIME;
	if (abs && (fx_timespec_invalid(abs) || !fx_clock_supported(clock)))
		return EINVAL;

	struct wait_ctx x = { .c = c, .shared = shared, .m = m };
	/* The mutex is published before this waiter counts itself or reads
	 * seq, so a waker that may have to wake it sees which mutex (and so
	 * which wake) to use (C4). */
	if (!shared) {
		fx_store_seqcst(&c->mutex, m);			/* C4 */
		x.pi = (fx_load_relaxed(&m->kind) & FX_MUTEX_PI) != 0;
	}
	if (!x.pi)
		fx_fetch_add_seqcst(&c->waiters, 1);	/* C1 */
	x.seq = fx_load_seqcst(&c->seq);
	x.requeues = fx_load_seqcst(&c->requeues);		/* C6 */
	int r = fx_mutex_cond_release(m, &x.depth);
	if (r) {
		if (!x.pi)
			leave(c, shared);
		return r;
	}

	int timedout = 0, owned = 0;
	if (abs && abs->tv_sec < 0) {
		timedout = 1;
	} else {
		if (x.pi)
			fx_mutex_robust_pending(m);
		r = spin_for_wake(&x) ? 0 : cancellable_sleep(&x, clock, abs);
		timedout = r == -ETIMEDOUT;
		/* 0 from FUTEX_WAIT_REQUEUE_PI: the kernel made us owner. */
		owned = x.pi && r == 0;
	}
	/* Before leave(), the last access to the condvar (C3). */
	int requeued = fx_load_seqcst(&c->requeues) != x.requeues;	/* C6 */
	if (!x.pi)
		leave(c, shared);
	if (owned) {
		r = fx_mutex_pi_adopt(m);
		if (r == 0 || r == EOWNERDEAD)
			m->count = x.depth;
		return r;
	}
	if (x.pi)
		fx_mutex_robust_pending_clear();
	r = fx_mutex_cond_reacquire(m, x.depth, requeued);
	if (r)
		return r; /* EOWNERDEAD / ENOTRECOVERABLE from a robust mutex */
	return timedout ? ETIMEDOUT : 0;
}

/* POSIX allows destroy as soon as no thread is blocked: threads that were
 * woken may still be on their way out, and requeued ones sleep on the
 * mutex (possibly held by the caller).  Wait for the former, kick the
 * latter so they leave the condvar before queueing on the mutex again. */
int fx_cond_destroy(fx_cond_t *c)
{
	int shared = cond_shared(c);
	uint32_t w = fx_fetch_or_seqcst(&c->waiters, FX_COND_DESTROYING);
	while (w & FX_COND_WAITERS_MASK) {
		fx_mutex_t *m = requeue_target(c);
		if (m)
			fx_futex_wake(&m->lock, INT_MAX, 0);
		fx_futex_wait(&c->waiters, w | FX_COND_DESTROYING, shared,
			      CLOCK_REALTIME, 0);
		w = fx_load_seqcst(&c->waiters);
	}
	return 0;
}
