/* The 0/1/2 mutex word with futex wait and wake.
 *
 * Mirrors:
 *   include/fx/fast.h        fx_mutex_lock_fast, fx_mutex_trylock_fast,
 *                            fx_word012_release (fx_mutex_unlock_fast)
 *   runtime/mutex/mutex.c    fx_mutex_lock_slow, fx_mutex_lock_012_wait,
 *                            fx_mutex_unlock_slow (0/1/2 kinds)
 * State table: docs/mutex.md#word-012.  A change of this protocol must
 * change this model in the same commit.
 *
 * Threads 0 and 1 lock and unlock ITER times; thread 2 does a timed lock
 * (which may time out) and then a trylock.  The spin phase of
 * fx_mutex_lock_012_wait is one optional CAS(0, 1): any number of failed
 * tries changes nothing, and at most one can succeed.
 *
 * Checked:
 *   - mutual exclusion (assertion on the ghost count `incs`);
 *   - unlock finds the word locked (1 or 2);
 *   - no lost wakeup: every run ends with all threads finished (an
 *     invalid end state is a thread asleep on the word for ever);
 *   - LIVE: <> all threads finished, under weak fairness (no livelock).
 *
 * Mutations (each must make spin report an error):
 *   MUT_UNLOCK_NO_WAKE     unlock does not wake when the word was 2
 *   MUT_WOKEN_TAKES_1      a woken locker first tries CAS(0, 1), so it may
 *                          own the word as 1 while others still sleep
 *   MUT_UNLOCK_LOAD_STORE  unlock reads the word and then stores 0 (not one
 *                          XCHG): a locker's 2 written in between is lost
 */
#define NT 3
#define ITER 2
#include "futex.pml"

#define F_WORD 1

#define UNLOCKED  0
#define LOCKED    1
#define CONTENDED 2

#define OP_LOCK  0
#define OP_TIMED 1
#define OP_TRY   2

byte word = UNLOCKED;
byte incs = 0;		/* ghost: threads inside the critical section */
byte ndone = 0;		/* ghost: threads finished */
bool ntmo = 0;		/* ghost: a lock timed out */

/* fx_mutex_lock_fast -> fx_mutex_lock_slow -> fx_mutex_lock_012_wait */
inline mutex_lock(op, got)
{
	got = 0;
	atomic { if :: word == UNLOCKED -> word = LOCKED; got = 1 :: else -> skip fi }
	if
	:: got || op == OP_TRY -> skip
	:: else ->
		/* bounded spin: CAS(0, 1) whenever 0 is seen */
		if
		:: atomic { word == UNLOCKED -> word = LOCKED; got = 1 }
		:: skip
		fi;
		do
		:: got -> break
		:: else ->
#ifdef MUT_WOKEN_TAKES_1
			if
			:: woken -> atomic { if :: word == UNLOCKED -> word = LOCKED; got = 1 :: else -> skip fi }
			:: else -> skip
			fi;
			if
			:: got -> break
			:: else -> skip
			fi;
#endif
			atomic { old = word; word = CONTENDED };	/* XCHG(2) */
			if
			:: old == UNLOCKED -> got = 1
			:: else ->
				futex_wait(F_WORD, word, CONTENDED, op == OP_TIMED, r);
				woken = (r == 0);
				if
				:: r == ETIMEDOUT -> ntmo = 1; break
				:: else -> skip
				fi
			fi
		od
	fi
}

/* fx_word012_release */
inline mutex_unlock()
{
#ifdef MUT_UNLOCK_LOAD_STORE
	old = word;
	word = UNLOCKED;
#else
	atomic { old = word; word = UNLOCKED };	/* XCHG(0), release */
#endif
	assert(old == LOCKED || old == CONTENDED);
#ifndef MUT_UNLOCK_NO_WAKE
	if
	:: old == CONTENDED -> futex_wake(F_WORD, 1, cnt)
	:: else -> skip
	fi
#endif
}

proctype thread(byte me)
{
	byte it = 0, op, got, old, r, cnt;
	bool woken = 0;
	do
	:: it < ITER ->
		op = (me == 2 -> (it == 0 -> OP_TIMED : OP_TRY) : OP_LOCK);
		woken = 0;
		mutex_lock(op, got);
		if
		:: got ->
			atomic { incs++; assert(incs == 1) };
			incs--;
			mutex_unlock()
		:: else -> skip
		fi;
		it++
	:: else -> break
	od;
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
