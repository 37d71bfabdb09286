/* The private mutex word with parking under contention, timeouts and
 * destroy: the scenario for mutex_park.pml, which holds the protocol and
 * says which code it mirrors.  States and transitions:
 * docs/mutex.md#parking.  (Process-shared mutexes keep the kernel-queue
 * protocol of mutex_word.pml, checked by mutex012.pml.)
 *
 * Thread 0 locks and unlocks ITER times (default 2), thread 1 once;
 * thread 2 does a timed lock (which may time out) and then a trylock.
 *
 * With DESTROY, thread 0 ends by locking and unlocking once more after
 * every other thread is done with the mutex, and then destroys it: the
 * word must then be 0 (no mark left behind), and a thread still inside an
 * unlock may only make wake syscalls ("destroy right after unlock").
 *
 * Checked:
 *   - mutual exclusion (ghost `incs`); while a release holds the word for
 *     a starving parker nobody else acquires (ghost `handing`);
 *   - unlock finds the word held;
 *   - no lost wakeup: every run ends with all threads finished (an
 *     invalid end state is a thread asleep for ever, on its node or on
 *     the bucket lock);
 *   - DESTROY: no access to the word after destroy, and the word is 0;
 *   - a release stores into a node only while its thread still waits on
 *     it (the node lives on that thread's stack; ghost `ninside`);
 *   - LIVE: <> all threads finished, under weak fairness.
 *
 * Mutations (each must make spin report an error):
 *   MUT_PARK_NO_MARK          a parker queues without marking PARKED: the
 *                             owner's CAS(1, 0) frees the word and wakes
 *                             nobody
 *   MUT_WOKEN_KEEPS_MARK      a woken parker takes the word leaving WOKEN:
 *                             later releases spare their wakes for ever
 *   MUT_RELEASE_DROPS_PARKED  a release that takes one node off clears
 *                             PARKED although others remain
 *   MUT_TIMEOUT_LEAVES_EARLY  a parker that times out after a release took
 *                             its node off leaves at once: the release's
 *                             store then writes into a frame it left
 */
#define NT 3
#ifndef ITER
#define ITER 2
#endif

#define F_WORD 1

bool destroyed = 0;	/* ghost: destroy has returned */
#define ACCESS assert(!destroyed)
#define ON_WAIT(f) if :: f == F_WORD -> ACCESS :: else -> skip fi
#include "futex.pml"

byte ndone = 0;		/* ghost: threads finished */
byte nout = 0;		/* ghost: threads done with the mutex (DESTROY) */

#ifdef DESTROY
#define DESTROYING 1
#else
#define DESTROYING 0
#endif
#define LAST_OUT if :: last -> nout++ :: else -> skip fi
#include "mutex_park.pml"

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
		/* fx_mutex_destroy: EBUSY unless 0 */
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
