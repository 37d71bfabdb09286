/* The barrier: arrivals under an internal 0/1/2 lock, seq as the futex
 * word, `leaving` for destroy.
 *
 * Mirrors runtime/barrier/barrier.c (fx_barrier_wait, fx_barrier_destroy)
 * with runtime/mutex/mutex.c's fx_lock012 / fx_unlock012 for the internal
 * lock (an abstract blocking lock unless FULL_LOCK012 is defined; the 0/1/2
 * protocol itself is checked by mutex012.pml).  Invariants B1-B3:
 * docs/barrier.md.  A change of this protocol must change this model in
 * the same commit.  The bounded spin on seq before sleeping (B2) is one
 * optional look at seq: leaving when it changed skips the registration
 * in `sleepers` (B3), so the last arrival may then make no wake at all.
 *
 * NT threads meet at a barrier of count NT, ROUNDS times each.  With
 * DESTROY, thread 0 destroys the barrier as soon as its last wait returns
 * (POSIX allows that: no thread is blocked any more, though some may not
 * have left fx_barrier_wait yet).
 *
 * Checked:
 *   - a thread leaves round r only after all NT threads arrived at r, and
 *     arrivals of round r+1 never count towards round r;
 *   - exactly one PTHREAD_BARRIER_SERIAL_THREAD per round;
 *   - destroy: no access to the barrier after destroy returned, and
 *     destroy returns;
 *   - no lost wakeup: every thread finishes (no invalid end state);
 *   - LIVE: <> all finished, under weak fairness.
 *
 * Mutations (each must make spin report an error):
 *   MUT_RESET_AFTER_UNLOCK  the last arrival resets `arrived` after it
 *                           released the lock (B1 broken)
 *   MUT_ROUND_AFTER_UNLOCK  a waiter reads its round after releasing the
 *                           lock, so it may wait for a round that is over
 *   MUT_DESTROY_NO_WAIT     destroy does not wait for `leaving` to drain
 *   MUT_COUNT_AFTER_UNLOCK  the last arrival reads `count` after releasing
 *                           the lock (as before 2b193a6): the barrier may
 *                           have been destroyed by then
 *   MUT_REGISTER_UNLOCKED   a waiter registers in `sleepers` without the
 *                           lock and without re-checking its round (B3)
 */
#define NT 3
#ifndef ROUNDS
#define ROUNDS 2
#endif
#define F_LOCK    1
#define F_SEQ     2
#define F_LEAVING 3

#define ACCESS assert(!destroyed)
#define ON_WAIT(f) if :: f != F_LEAVING -> ACCESS :: else -> skip fi
#include "futex.pml"

#define LDESTROY 16	/* leaving word = count + LDESTROY */
#define ALL 4

bool destroyed = 0;
byte lockw = 0;		/* internal 0/1/2 lock */
byte arrived = 0;
byte seq = 0;
byte leaving = 0;
byte ldbit = 0;
byte nsleepers = 0;	/* B3 */
bool nowake = 0;	/* ghost: a round closed without a wake syscall */

byte garr[ROUNDS];	/* ghost: arrivals per round */
byte gserial[ROUNDS];	/* ghost: serial threads per round */
byte ndone = 0;
byte dslept = 0;	/* ghost: destroy slept on `leaving` */

#ifdef FULL_LOCK012
inline lock012()
{
	got = 0;
	atomic { ACCESS; if :: lockw == 0 -> lockw = 1; got = 1 :: else -> skip fi };
	if
	:: !got ->
		if
		:: atomic { lockw == 0 -> lockw = 1; got = 1 }
		:: skip
		fi;
		do
		:: got -> break
		:: else ->
			atomic { old = lockw; lockw = 2 };
			if
			:: old == 0 -> got = 1
			:: else -> futex_wait(F_LOCK, lockw, 2, 0, r)
			fi
		od
	:: else -> skip
	fi
}

inline unlock012()
{
	atomic { ACCESS; old = lockw; lockw = 0 };
	if
	:: old == 2 -> futex_wake(F_LOCK, 1, cnt)
	:: else -> skip
	fi
}
#else
/* The internal lock as an abstract mutex: mutex012.pml proves that the
 * 0/1/2 protocol is one (exclusion, no lost wakeup). */
inline lock012()
{
	atomic { ACCESS; lockw == 0 -> lockw = 1 }
}

inline unlock012()
{
	atomic { ACCESS; lockw = 0 }
}
#endif

inline barrier_wait(rnd)
{
	lock012();
#ifndef MUT_ROUND_AFTER_UNLOCK
	round = seq;
#endif
	arrived++;
	garr[rnd]++;
	assert(arrived == garr[rnd]);	/* only this round's arrivals count */
	if
	:: arrived == NT ->
#ifndef MUT_RESET_AFTER_UNLOCK
		arrived = 0;
#endif
		w = nsleepers;	/* B3, under the lock */
		nsleepers = 0;
		atomic { ACCESS; leaving = leaving + NT - 1 };
		atomic { ACCESS; seq = seq + 1 };	/* round + 1, release */
		unlock012();
#ifdef MUT_RESET_AFTER_UNLOCK
		arrived = 0;
#endif
#ifdef MUT_COUNT_AFTER_UNLOCK
		atomic { ACCESS; skip };	/* reads b->count */
#endif
		/* only the wake syscall after the release (count was read
		 * under the lock): the barrier may be gone already */
		if
		:: w > 0 -> futex_wake(F_SEQ, ALL, cnt)
		:: else -> nowake = 1
		fi;
		w = 0;
		gserial[rnd]++;
		assert(gserial[rnd] == 1)
	:: else ->
		unlock012();
#ifdef MUT_ROUND_AFTER_UNLOCK
		round = seq;
#endif
		/* B2: the spin, one optional look */
		got = 0;
		if
		:: atomic { ACCESS; seq != round -> got = 1 }
		:: skip
		fi;
		if
		:: got -> skip
		:: else ->
			/* B3: register while the round is open */
#ifndef MUT_REGISTER_UNLOCKED
			lock012();
			if
			:: seq == round -> nsleepers++; got = 1
			:: else -> got = 0
			fi;
			unlock012();
#else
			atomic { ACCESS; nsleepers++ };
			got = 1;
#endif
			do
			:: got ->
				atomic { ACCESS; w = seq };	/* load acquire */
				if
				:: w == round -> futex_wait(F_SEQ, seq, round, 0, r)
				:: else -> break
				fi
			:: else -> break
			od
		fi;
		atomic {
			ACCESS;
			old = leaving + ldbit;
			leaving--
		};
		if
		:: old == (LDESTROY | 1) -> futex_wake(F_LEAVING, 1, cnt)	/* may be freed: ok */
		:: else -> skip
		fi
	fi;
	assert(garr[rnd] == NT)	/* everybody arrived before anybody left */
}

inline barrier_destroy()
{
	lock012();
	w = arrived;
	unlock012();
	assert(w == 0);
	atomic { w = leaving; ldbit = LDESTROY };
#ifndef MUT_DESTROY_NO_WAIT
	do
	:: w == 0 -> break
	:: else ->
		futex_wait(F_LEAVING, leaving + ldbit, w + LDESTROY, 0, r);
		if :: r == 0 -> dslept++ :: else -> skip fi;
		w = leaving
	od;
#endif
	destroyed = 1
}

proctype thread(byte me)
{
	byte rnd = 0, round, old, got, r, cnt, w;
	do
	:: rnd < ROUNDS -> barrier_wait(rnd); rnd++
	:: else -> break
	od;
#ifdef DESTROY
	if
	:: me == 0 -> barrier_destroy()
	:: else -> skip
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
