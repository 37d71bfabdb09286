/* The condition variable (seq + waiters, requeue on broadcast, destroy)
 * over a private 0/1/2 mutex.
 *
 * Mirrors runtime/cond/cond.c, non-PI private path:
 *   fx_cond_wait     waiters += 1; x.seq = seq; release the mutex
 *                    (fx_mutex_cond_release -> fx_mutex_release012);
 *                    spin_for_wake (C8): may find seq moved and skip the
 *                    sleep, uncounted; otherwise
 *                    sleepers += 1; FUTEX_WAIT(seq, x.seq); sleepers -= 1
 *                    unless it returned 0, or, after a timeout, seq moved
 *                    (slept()); leave(); re-acquire
 *                    (fx_mutex_cond_reacquire, runtime/mutex/mutex.c):
 *                    if `requeues` moved since before the sleep (C6), by
 *                    marking the word 2, keeping its parking marks;
 *                    otherwise through the plain lock path
 *   fx_cond_signal   seq += 1; if sleepers: n = FUTEX_WAKE(seq, 1),
 *                    sleepers -= n
 *   fx_cond_broadcast seq += 1; if sleepers: if sleepers <= W (C7):
 *                    n = FUTEX_WAKE(seq, all); else requeues += 1;
 *                    n = FUTEX_CMP_REQUEUE(seq,
 *                    new seq, wake W, requeue the rest onto the mutex
 *                    word), or FUTEX_WAKE(seq, all) if that answers EAGAIN;
 *                    sleepers -= n.  W (fx_config.bcast_wake, >= 1) is
 *                    chosen here as 1 or 2 at every broadcast: with the
 *                    two waiters of SCEN_BCAST, W = 1 wakes one and moves
 *                    the other when both are counted, W = 2 wakes both
 *                    at once without a requeue (C7) and they meet on the
 *                    mutex in re-acquire.
 *   leave            waiters -= 1; wake destroy if DESTROYING and now 0
 *   fx_cond_destroy  set DESTROYING; while waiters: wake all sleepers of the
 *                    mutex word, FUTEX_WAIT(waiters)
 * and the private mutex word of mutex_park.pml (0/1/2 with parking: fast
 * paths, fx_mutex_park_lock/release, fx_mutex_release012,
 * fx_mutex_cond_reacquire; requeue targets private mutexes only).
 * Protocol and proofs: docs/cond.md.  A change of this protocol must change
 * this model in the same commit.  Not modelled: cancellation, the PI
 * variant (FUTEX_WAIT_REQUEUE_PI, kernel-owned), process-shared condvars
 * (broadcast then always wakes all, a subset of these behaviours).
 *
 * Scenarios (exactly one is defined):
 *   SCEN_ORDER    thread 0 waits once; thread 1 signals once after thread 0
 *                 began waiting, under the mutex; thread 2 starts waiting
 *                 only after that signal; thread 1 then broadcasts once
 *                 thread 0 has returned and thread 2 waits.  If thread 2
 *                 could consume the signal meant for thread 0, thread 0
 *                 would sleep for ever (invalid end state).
 *   SCEN_SIGNALS  threads 0 and 1 each wait for a token (while loop over the
 *                 predicate; thread 1 with a deadline, giving up on
 *                 timeout); thread 2 produces two tokens, signalling each.
 *   SCEN_BCAST    threads 0 and 1 wait for a flag; thread 2 sets it and
 *                 broadcasts; DESTROY=1: thread 2 destroys the condvar after
 *                 unlocking, DESTROY=2: while still holding the mutex (the
 *                 requeued waiters must be kicked off the mutex word).
 *                 DESTROY=3: thread 2 broadcasts after its unlock, and
 *                 thread 0, woken (taken off seq's queue by the
 *                 broadcast), destroys the condvar as soon as both
 *                 waiters are out of their waits (the broadcaster may
 *                 still be inside broadcast).  A waiter that found seq
 *                 moved before it slept (EAGAIN, or C8's spin) does not:
 *                 the broadcast may not have passed its wake yet, and
 *                 destroying a condvar while a signal or broadcast on it
 *                 is still running is the program's error (docs/cond.md).
 *                 BCAST_TIMED: thread 1's waits have a deadline, which
 *                 may pass while it sleeps on seq or, requeued, on the
 *                 mutex word (it then waits again).
 *
 * SCEN_SIGNALS runs over an abstract mutex (ABSTRACT_MUTEX: a lock that
 * excludes and blocks, nothing more).  Without a broadcast nothing is
 * requeued, so every woken waiter re-locks through the plain lock path
 * (C6, asserted) and the condvar touches the mutex only through lock and
 * unlock, whose parking protocol park.pml checks on its own; over the
 * parked mutex this scenario has more than 190 M states, too many to
 * search exhaustively.  The other scenarios run over mutex_park.pml.
 *
 * Hand-off requests of the mutex (a sleeper waiting too long) are left
 * out unless COND_HANDOFF is defined: mutex012.pml checks them, and
 * COND_HANDOFF checks their interplay with requeue and re-acquire in
 * SCEN_BCAST.
 *
 * Checked in every scenario:
 *   - mutual exclusion on the mutex (ghost `incs`), no newcomer taking a
 *     hand-off meant for a sleeper;
 *   - ordering (assertion in the kernel's wake/requeue): a signal or
 *     broadcast that made seq = k wakes or moves only threads whose wait
 *     read seq before k, i.e. that began waiting before it (the signalling
 *     threads hold the mutex, which orders "before");
 *   - a broadcast leaves no thread that began waiting before it asleep on
 *     seq (it wakes exactly the waiters present);
 *   - destroy: no waiter touches the condvar after destroy returned, and
 *     destroy returns (end state);
 *   - C5: sleepers is never less than the number of threads queued on
 *     seq (so a waker that reads 0 has nobody to wake), never negative;
 *   - no lost wakeup: every thread finishes (no invalid end state);
 *   - LIVE: <> all finished, under weak fairness.
 *
 * Mutations (each must make spin report an error):
 *   MUT_REACQUIRE_CAS01   every woken waiter re-locks through the plain lock
 *                         path (CAS(0, 1) first): a requeued waiter is left
 *                         asleep on a word that says 1 (SCEN_BCAST)
 *   MUT_REQUEUES_LATE     broadcast bumps `requeues` after its requeue: a
 *                         waiter it woke may look first and re-lock through
 *                         the plain path, leaving the requeued one asleep
 *                         (SCEN_BCAST)
 *   MUT_SEQ_AFTER_RELEASE a waiter reads seq after releasing the mutex: a
 *                         signal in between is lost (SCEN_SIGNALS)
 *   MUT_DEFER_WAKE        signal bumps seq under the mutex but its FUTEX_WAKE
 *                         runs after the unlock: a later waiter can take it
 *                         (SCEN_ORDER)
 *   MUT_BCAST_WAKE_ONE    broadcast wakes one and moves nobody (SCEN_BCAST)
 *   MUT_DESTROY_NO_KICK   destroy does not wake the mutex word: with the
 *                         mutex held it waits for ever (SCEN_BCAST DESTROY=2)
 *   MUT_DESTROY_NO_WAIT   destroy returns at once: a woken waiter still
 *                         touches the condvar (SCEN_BCAST DESTROY=1)
 *   MUT_SLEEPERS_ALWAYS_SELF a waiter subtracts itself from sleepers after
 *                         every sleep, also when a waker took it and
 *                         counted it (SCEN_SIGNALS)
 *   MUT_SLEEPERS_AFTER_WAIT a waiter counts itself in sleepers only after
 *                         its FUTEX_WAIT returned (SCEN_SIGNALS)
 *   MUT_WAKER_UNCOUNTED   a waker subtracts from sleepers after its wake
 *                         without counting itself in waiters: a woken
 *                         waiter's destroy does not wait for it
 *                         (SCEN_BCAST DESTROY=3)
 */
#define NT 3

#define F_WORD    1	/* the mutex word */
#define F_MUTEX   F_WORD
#define F_SEQ     2
#define F_WAITERS 3

#define DESTROYING 8	/* waiters word = count + DESTROYING */
#define ALL 4

byte myseq[NT];		/* ghost: the seq value each thread's wait read */
bool moved = 0;		/* ghost: a thread was requeued onto the mutex */
bool ntmo = 0;		/* ghost: a wait timed out */
bool tmo_requeued = 0;	/* ghost: a wait timed out after its requeue */
byte wake_tag = 0;	/* ghost: seq value made by the signal/broadcast now in the kernel */
bool woke2 = 0;		/* ghost: a broadcast woke two threads at once */
bool bplain = 0;	/* ghost: a broadcast woke without requeueing (C7) */
bool plain = 0;		/* ghost: a woken waiter re-locked through the plain path */
bool spun = 0;		/* ghost: a waiter's spin saw seq move (C8) */

#define ON_WAKE(i, f)                                                       \
	if                                                                  \
	:: f == F_SEQ && wake_tag != 0 -> assert(myseq[i] < wake_tag)       \
	:: else -> skip                                                     \
	fi
#define ON_REQUEUE(i, f) ON_WAKE(i, f); moved = 1
#define ON_TIMEOUT(i, f) if :: f == F_MUTEX -> tmo_requeued = 1 :: else -> skip fi
#define ON_WAIT(f) if :: f == F_SEQ -> assert(!destroyed) :: else -> skip fi
#define ACCESS skip
#ifndef COND_HANDOFF
#define NO_HANDOFF_REQ	/* hand-off requests only with COND_HANDOFF */
#endif
#ifdef SCEN_SIGNALS
#define ABSTRACT_MUTEX
#endif
#include "futex.pml"
#include "mutex_park.pml"

byte seq = 0;
byte bw = 1;		/* the broadcast's nr_wake (fx_config.bcast_wake) */
byte nwaiters = 0;	/* waiters count ... */
byte nsleep = 0;	/* sleepers (C5) */
byte nrq = 0;		/* requeues (C6) */
byte dbit = 0;		/* ... and its DESTROYING bit */
bool destroyed = 0;	/* ghost: destroy has returned */
byte ndone = 0;

/* application state */
byte pred = 0;		/* SCEN_BCAST flag, SCEN_SIGNALS tokens */
bool reg0, reg2, ret0, sig_done;	/* SCEN_ORDER progress */
byte nret = 0;		/* SCEN_BCAST: waiters whose wait loop ended */

#define WAITERS_WORD (nwaiters + dbit)
/* C5, checked where a waker reads sleepers */
#define QUEUED_ON_SEQ ((fq[0] == F_SEQ) + (fq[1] == F_SEQ) + (fq[2] == F_SEQ))
#define TOOK_OFF(n) atomic { COND_ACCESS; assert(nsleep >= n); nsleep = nsleep - n }
#define COND_ACCESS assert(!destroyed)

/* The application's lock and unlock, and the condvar's hand-off: a
 * waiter that saw `requeues` move re-acquires in contended mode, any other
 * through the plain lock path (C6).  (With MUT_REACQUIRE_CAS01 every woken
 * waiter takes the plain path.) */
#ifndef ABSTRACT_MUTEX
#define LOCK   mutex_lock(OP_LOCK, got); ENTER
#define UNLOCK LEAVE; mutex_unlock()
#else
/* A lock that only excludes: a locker blocks until the word is 0. */
#define LOCK   atomic { ACCESS; word == UNLOCKED -> word = LOCKED }; ENTER
#define UNLOCK LEAVE; atomic { ACCESS; word = UNLOCKED }
#endif
#ifdef ABSTRACT_MUTEX
#define ABSTRACT_NO_RQ assert(0)	/* no broadcast, so never requeued */
#else
#define ABSTRACT_NO_RQ skip
#endif
#ifndef MUT_REACQUIRE_CAS01
#define REACQUIRE                                                           \
	if                                                                  \
	:: rq -> ABSTRACT_NO_RQ; mutex_reacquire(); ENTER                   \
	:: else -> plain = 1; LOCK                                          \
	fi
#else
#define REACQUIRE LOCK
#endif

/* leave(): the waiter's last access to the condvar */
inline leave()
{
	atomic {
		COND_ACCESS;
		old = WAITERS_WORD;
		nwaiters--
	};
	if
	:: (old & DESTROYING) && (old - DESTROYING) == 1 ->
		futex_wake(F_WAITERS, 1, cnt)	/* may be freed: ok */
	:: else -> skip
	fi
}

/* A waker that touches the condvar after its wake counts itself in
 * waiters around it (C3, C5): a waiter it woke may destroy the condvar. */
#ifndef MUT_WAKER_UNCOUNTED
#define WAKER_ENTER atomic { COND_ACCESS; nwaiters++ }
#define WAKER_LEAVE leave()
#else
#define WAKER_ENTER skip
#define WAKER_LEAVE skip
#endif

/* fx_cond_wait; timedout := the sleep timed out */
inline cond_wait(tmo, timedout)
{
	atomic { COND_ACCESS; nwaiters++ };
#ifndef MUT_SEQ_AFTER_RELEASE
	atomic { COND_ACCESS; xseq = seq; myseq[me] = xseq;
		 if :: me == 0 -> reg0 = 1 :: me == 2 -> reg2 = 1 :: else -> skip fi };
	atomic { COND_ACCESS; xrq = nrq };
	UNLOCK;
#else
	UNLOCK;
	atomic { COND_ACCESS; xseq = seq; myseq[me] = xseq;
		 if :: me == 0 -> reg0 = 1 :: me == 2 -> reg2 = 1 :: else -> skip fi };
	atomic { COND_ACCESS; xrq = nrq };
#endif
	if
	:: atomic { seq != xseq -> COND_ACCESS; r = EAGAIN; woken = 0; spun = 1 }
		/* C8: the spin saw seq move; it never counted itself */
	:: true ->
#ifndef MUT_SLEEPERS_AFTER_WAIT
	atomic { COND_ACCESS; nsleep++ };
#endif
	futex_wait(F_SEQ, seq, xseq, tmo, r);	/* ON_WAIT checks the access */
	woken = (r == 0);	/* taken off seq's queue by a waker */
#ifdef MUT_SLEEPERS_AFTER_WAIT
	atomic { COND_ACCESS; nsleep++ };
#endif
	/* slept() */
#ifndef MUT_SLEEPERS_ALWAYS_SELF
	if
	:: r == EAGAIN -> TOOK_OFF(1)
	:: r == ETIMEDOUT -> atomic { COND_ACCESS; if :: seq == xseq -> assert(nsleep >= 1); nsleep-- :: else -> skip fi }
	:: else -> skip
	fi
#else
	TOOK_OFF(1)
#endif
	fi;
	timedout = (r == ETIMEDOUT);
	if :: timedout -> ntmo = 1 :: else -> skip fi;
	atomic { COND_ACCESS; rq = (nrq != xrq) };	/* C6, before leave() */
	leave();
	REACQUIRE
}

inline cond_signal()
{
	atomic { COND_ACCESS; seq++; k = seq };
	atomic { COND_ACCESS; assert(nsleep >= QUEUED_ON_SEQ); ns = nsleep };
	if
	:: ns > 0 ->
#ifndef MUT_DEFER_WAKE
		WAKER_ENTER;
		atomic { wake_tag = k; futex_wake(F_SEQ, 1, cnt); wake_tag = 0 };
		TOOK_OFF(cnt);
		WAKER_LEAVE
#else
		deferred = k
#endif
	:: else -> skip
	fi;
	ns = 0
}

/* After a broadcast's kernel operation: nobody that read seq before k is
 * still asleep on seq. */
#define NONE_LEFT(k)                                                        \
	assert(!(fq[0] == F_SEQ && myseq[0] < k) &&                          \
	       !(fq[1] == F_SEQ && myseq[1] < k) &&                          \
	       !(fq[2] == F_SEQ && myseq[2] < k))

inline cond_broadcast()
{
	atomic { COND_ACCESS; seq++; k = seq };
	atomic {
		COND_ACCESS; assert(nsleep >= QUEUED_ON_SEQ); ns = nsleep;
		if
		:: ns > 0 -> if :: bw = 1 :: bw = 2 fi
		:: else -> skip
		fi
	};
	if
	:: ns > 0 ->
		WAKER_ENTER;
#ifdef MUT_BCAST_WAKE_ONE
		atomic { wake_tag = k; futex_wake(F_SEQ, 1, cnt); NONE_LEFT(k); wake_tag = 0 };
		TOOK_OFF(cnt)
#else
		if
		:: ns <= bw ->
			/* C7: no more than W queued, a requeue would move nobody */
			atomic {
				wake_tag = k; futex_wake(F_SEQ, ALL, cnt); NONE_LEFT(k); wake_tag = 0;
				bplain = 1;
				if
				:: cnt == 2 -> woke2 = 1
				:: else -> skip
				fi
			};
			TOOK_OFF(cnt)
		:: else ->
#ifndef MUT_REQUEUES_LATE
			atomic { COND_ACCESS; nrq++ };
#endif
			atomic {
				wake_tag = k;
				futex_cmp_requeue(F_SEQ, seq, k, bw, F_MUTEX, r);
				if
				:: bw == 2 && r == 2 -> woke2 = 1
				:: else -> skip
				fi;
				if
				:: r != EAGAIN -> NONE_LEFT(k)
				:: else -> skip
				fi;
				wake_tag = 0
			};
#ifdef MUT_REQUEUES_LATE
			atomic { COND_ACCESS; nrq++ };
#endif
			if
			:: r == EAGAIN ->
				atomic { wake_tag = k; futex_wake(F_SEQ, ALL, cnt); NONE_LEFT(k); wake_tag = 0 };
				TOOK_OFF(cnt)
			:: else -> TOOK_OFF(r)
			fi
		fi;
#endif
		WAKER_LEAVE
	:: else -> skip
	fi;
	atomic { ns = 0; bw = 1 }
}

inline cond_destroy()
{
	atomic { w = nwaiters; dbit = DESTROYING };
#ifndef MUT_DESTROY_NO_WAIT
	do
	:: w == 0 -> break
	:: else ->
#ifndef MUT_DESTROY_NO_KICK
		futex_wake(F_MUTEX, ALL, cnt);
#endif
		futex_wait(F_WAITERS, WAITERS_WORD, w + DESTROYING, 0, r);
		w = nwaiters
	od;
#endif
	destroyed = 1
}

proctype thread(byte me)
{
	byte old, r, cnt, xseq, xrq, k, w, ns, deferred = 0, v, want;
	bool timedout, got, ok, slept, last, woken, rq;

#ifdef SCEN_ORDER
	if
	:: me == 0 ->
		LOCK;
		cond_wait(0, timedout);
		ret0 = 1;
		UNLOCK
	:: me == 1 ->
		reg0;
		LOCK;
		cond_signal();
		UNLOCK;
#ifdef MUT_DEFER_WAKE
		sig_done = 1;
		if
		:: deferred -> atomic { wake_tag = deferred; futex_wake(F_SEQ, 1, cnt); wake_tag = 0 }
		:: else -> skip
		fi;
#else
		sig_done = 1;
#endif
		ret0 && reg2;
		LOCK;
		cond_broadcast();
		UNLOCK
	:: me == 2 ->
		sig_done;
		LOCK;
		cond_wait(0, timedout);
		UNLOCK
	fi;
#endif

#ifdef SCEN_SIGNALS
	if
	:: me < 2 ->
		LOCK;
		do
		:: pred > 0 -> pred--; break
		:: else ->
			cond_wait(me == 1, timedout);
			if
			:: timedout && pred == 0 -> break	/* gives up */
			:: else -> skip
			fi
		od;
		UNLOCK
	:: else ->
		do
		:: w < 2 ->
			LOCK;
			pred++;
			cond_signal();
			UNLOCK;
			w++
		:: else -> break
		od
	fi;
#endif

#ifdef SCEN_BCAST
	if
	:: me < 2 ->
		LOCK;
		do
		:: pred -> break
#ifdef BCAST_TIMED
		:: else -> cond_wait(me == 1, timedout)	/* retries on timeout */
#else
		:: else -> cond_wait(0, timedout)
#endif
		od;
		nret++;
		UNLOCK;
#if DESTROY == 3
		/* a waiter the broadcast woke destroys as soon as no thread
		 * is blocked, while the broadcaster may still be inside
		 * broadcast (after its wake) */
		if
		:: me == 0 && woken -> nret == 2; cond_destroy()
		:: else -> skip
		fi
#endif
	:: else ->
		LOCK;
		pred = 1;
#if DESTROY == 3
		/* broadcast after the unlock (POSIX allows it), so that the
		 * woken waiters can return and destroy while it runs */
		UNLOCK;
		cond_broadcast();
		goto bcast_done;
#endif
		cond_broadcast();
#if DESTROY == 2
		cond_destroy();
#endif
		UNLOCK;
#if DESTROY == 1
		cond_destroy();
#endif
bcast_done:
		skip
	fi;
#endif
	ndone++
}

init
{
	atomic {
		run thread(0);
		run thread(1);
		run thread(2)
	}
#ifdef REACH
	;
	(ndone == NT);
	assert(!(REACH))
#endif
}

#ifdef LIVE
ltl all_finish { <> (ndone == NT) }
#endif
