/* The mutex word (0/1/2 with hand-off) under contention, timeouts and
 * destroy: the scenario for mutex_word.pml, which holds the protocol and
 * says which code it mirrors (include/fx/fast.h, runtime/mutex/mutex.c).
 * States and transitions: docs/mutex.md#word-012 and #handoff.  A change
 * of this protocol must change mutex_word.pml in the same commit.
 *
 * Thread 0 locks and unlocks ITER times (default 2), thread 1 once;
 * thread 2 does a timed lock (which may time out) and then a trylock.  The bounded spin (CAS(0, 1)
 * whenever 0 is seen; its learned budget only changes how often) is one
 * optional CAS: failed tries change nothing, and at most one succeeds.
 * Time is abstract: a thread that has slept and wakes again may from then
 * on count as having waited longer than FXPTHREAD_HANDOFF_US (want = 6).
 *
 * With DESTROY, thread 0 ends by locking and unlocking once more after
 * every other thread is done with the mutex (its last unlock has released
 * the word, or its last lock call has failed), and then destroys it: a
 * thread still inside an unlock may then only make wake syscalls
 * ("destroy right after unlock", docs/mutex.md).
 *
 * Checked:
 *   - mutual exclusion (assertion on the ghost count `incs`);
 *   - hand-off: between an unlock's CAS(6, 3) and the word's release, only
 *     a thread that has slept acquires (ghost `handing`: no newcomer or
 *     spinner overtakes the sleepers);
 *   - unlock finds the word held (1, 2 or 6);
 *   - DESTROY: nothing but a wake touches the word after destroy;
 *   - no lost wakeup: every run ends with all threads finished (an
 *     invalid end state is a thread asleep on the word for ever);
 *   - LIVE: <> all threads finished, under weak fairness (no livelock).
 *
 * Mutations (each must make spin report an error):
 *   MUT_UNLOCK_NO_WAKE     unlock does not wake when the word was 2
 *   MUT_WOKEN_TAKES_1      a locker that has slept takes a free word as 1,
 *                          so it may own it while others still sleep
 *   MUT_UNLOCK_LOAD_STORE  the uncontended unlock reads 1 and then stores 0
 *                          (not one CAS): a locker's 2 written in between
 *                          is lost
 *   MUT_NEWCOMER_TAKES_HANDED  a thread that has not slept takes a HANDED
 *                          word, overtaking the sleepers
 *   MUT_OLD_HANDOFF        the hand-off before a96a2c1: an unlock whose
 *                          wake found nobody frees the word with CAS(3, 0)
 *                          after another thread may have taken, released
 *                          and destroyed it (docs/models/README.md
 *                          #mutex-handoff); a timed-out asker leaves its
 *                          request behind
 */
#define NT 3
#ifndef ITER
#define ITER 2
#endif

#define F_WORD 1

bool destroyed = 0;	/* ghost: destroy has returned */
#define ACCESS assert(!destroyed)
#define ON_WAIT(f) ACCESS
#include "futex.pml"

byte ndone = 0;		/* ghost: threads finished */
byte nout = 0;		/* ghost: threads done with the mutex (DESTROY) */

#ifdef DESTROY
#define DESTROYING 1
#else
#define DESTROYING 0
#endif
/* this thread is done with the mutex after this release (DESTROY) */
#define LAST_OUT if :: last -> nout++ :: else -> skip fi
#include "mutex_word.pml"

proctype thread(byte me)
{
	byte it = 0, n, op, v, r, cnt, want;
	bool got, ok, slept, last;
	n = (me == 2 -> 2 : (me == 0 -> ITER : 1));
	do
	:: it < n ->
		op = (me == 2 -> (it == 0 -> OP_TIMED : OP_TRY) : OP_LOCK);
		last = (it == n - 1) && !(me == 0 && DESTROYING);
		mutex_lock(op, got);
		if
		:: got ->
			ENTER;
			LEAVE;
			mutex_unlock()
		:: else -> LAST_OUT
		fi;
		it++
	:: else -> break
	od;
#ifdef DESTROY
	if
	:: me == 0 ->
		(nout == NT - 1);	/* the others are done with it */
		last = 0;
		mutex_lock(OP_LOCK, got);
		ENTER;
		LEAVE;
		mutex_unlock();
		/* fx_mutex_destroy: EBUSY unless free */
		atomic { assert(word == UNLOCKED); destroyed = 1 }
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
