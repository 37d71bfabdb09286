/* The TID-owned robust mutex word, the robust list and list_op_pending,
 * with the death of an owner.
 *
 * Mirrors runtime/mutex/mutex_tid.c:
 *   fx_mutex_lock_tid + lock_robust + acquired   (lock)
 *   fx_mutex_unlock_tid                          (unlock, robust non-PI)
 *   robust_link / robust_unlink / pending_set    (as the flags linked[],
 *                                                 pending[])
 *   fx_mutex_consistent                          (state := CONSISTENT)
 * and the kernel's exit_robust_list / handle_futex_death (Linux >= 5.6,
 * kernel/futex/core.c): for the dying thread's list entries and its
 * list_op_pending entry, a word whose TID bits are the dead thread's
 * becomes FUTEX_OWNER_DIED | (old & FUTEX_WAITERS) and one waiter is woken
 * if FUTEX_WAITERS was set; for the pending entry of a word whose TID bits
 * are 0, one waiter is woken and the word is left alone.  Those wakes are
 * always *shared* futex operations (FLAGS_SHARED), which reach only
 * threads that sleep with a shared operation.
 * State table: docs/mutex.md#tid-owned, docs/robust.md.  A change of this
 * protocol must change this model in the same commit.
 *
 * Word: TID (1..3, thread me has TID me+1) | WAITERS (4) | OWNER_DIED (8).
 * Thread 0 locks once and may die at any point (a separate process sets
 * `kill`; thread 0's body is abandoned via `unless`, and the kernel's exit
 * handling runs atomically).  Threads 1 and 2 lock ITER times; after
 * EOWNERDEAD they either make the mutex consistent or not (then the unlock
 * makes it NOTRECOVERABLE), and they stop at ENOTRECOVERABLE.
 *
 * Waiters sleep and unlockers wake with shared futex operations, private
 * robust mutex or not (ROBUST_FUTEX_SHARED in mutex_tid.c), so the
 * kernel's wake reaches them.  By default thread 0 does not
 * die while it carries a wake owed to a sleeper: between being woken and
 * re-marking or taking the word, and between its releasing XCHG (which
 * saw FUTEX_WAITERS) and its FUTEX_WAKE.  A thread that dies there takes
 * the wake with it whenever a third thread has meanwhile taken the free
 * word as a plain TID: a limit of the robust futex protocol, shared with
 * glibc (docs/models/README.md).  DIE_ANYWHERE removes the restriction and
 * shows the limit.
 *
 * Checked:
 *   - mutual exclusion between the live owners (ghost `held_by`);
 *   - EOWNERDEAD exactly when the previous owner died holding the word
 *     (ghost `orphan`), ENOTRECOVERABLE only once it is unrecoverable;
 *   - unlock only by the owner;
 *   - no lost wakeup / no stranded waiter: all survivors finish;
 *   - LIVE: <> all finished, under weak fairness.
 *
 * Mutations (each must make spin report an error):
 *   MUT_NO_PENDING   list_op_pending never set: death between taking the
 *                    word and linking it (or unlinking and releasing)
 *                    leaves the word owned by a dead TID
 *   MUT_MARK0        a thread that has slept takes a free word as plain TID
 *                    (no FUTEX_WAITERS), so other sleepers are forgotten
 *   MUT_PRIVATE_OPS  waiters sleep with FUTEX_PRIVATE_FLAG (keyed on the
 *                    address space): the kernel's shared wake at owner
 *                    death misses them
 */
#define NT 3
#ifndef ITER
#define ITER 1
#endif
bool carry0 = 0;	/* ghost: thread 0 carries a wake owed to a sleeper */
#define ON_WAKE(i, f) if :: i == 0 -> carry0 = 1 :: else -> skip fi
#include "futex.pml"

#define F_PRIVATE 1	/* the word, keyed as a private futex */
#define F_SHARED  2	/* the same word, keyed as a shared futex */
#ifdef MUT_PRIVATE_OPS
#define F_USER F_PRIVATE
#else
#define F_USER F_SHARED
#endif

#define TIDMASK    3
#define WAITERS    4
#define OWNER_DIED 8

#define CONSISTENT     0
#define INCONSISTENT   1
#define NOTRECOVERABLE 2

#define EOWNERDEAD      130
#define ENOTRECOVERABLE 131

#define ALL 4

byte word = 0;
byte mstate = CONSISTENT;
bit linked[NT];		/* the mutex is on this thread's robust list */
bit pending[NT];	/* this thread's list_op_pending names the mutex */

byte held_by = 0;	/* ghost: TID of the owner, 0 if free */
bool orphan = 0;	/* ghost: the kernel released a dead owner's word */
bool kill = 0;		/* thread 0 has died */
bool fin0 = 0;		/* thread 0 has finished */
byte kold, kcnt;	/* scratch of the kernel's exit handling */
byte ndone = 0;
byte nodead = 0;	/* ghost: EOWNERDEAD returned */
byte nnotrec = 0;	/* ghost: ENOTRECOVERABLE returned */

#define TID (me + 1)

#ifdef MUT_NO_PENDING
#define PENDING(v) skip
#else
#define PENDING(v) pending[me] = v
#endif

/* Take the word with CAS(v, nv) if it still holds v. */
#define TAKE(v, nv, died_)                                                  \
	atomic {                                                            \
		if                                                          \
		:: word == v -> word = nv; got = 1; died = died_;           \
			assert(held_by == 0); held_by = TID;                \
			if :: me == 0 -> carry0 = 0 :: else -> skip fi      \
		:: else -> skip                                             \
		fi                                                          \
	}

inline mutex_unlock()
{
	assert((word & TIDMASK) == TID);
	nwake = 1;
	if
	:: mstate != CONSISTENT -> mstate = NOTRECOVERABLE; nwake = ALL
	:: else -> skip
	fi;
	PENDING(1);
	linked[me] = 0;
	atomic {
		old = word; word = 0;	/* XCHG(0), release */
		assert(held_by == TID); held_by = 0;
		if :: me == 0 && (old & WAITERS) -> carry0 = 1 :: else -> skip fi
	};
	if
	:: old & WAITERS ->
		atomic { futex_wake(F_USER, nwake, cnt); if :: me == 0 -> carry0 = 0 :: else -> skip fi }
	:: else -> skip
	fi;
	PENDING(0)
}

/* fx_mutex_lock_tid + lock_robust + acquired; res := 0, EOWNERDEAD or
 * ENOTRECOVERABLE. */
inline mutex_lock(res)
{
	res = 0;
	if
	:: mstate == NOTRECOVERABLE -> res = ENOTRECOVERABLE
	:: else ->
		PENDING(1);
		mark = 0;
		got = 0;
		do
		:: got -> break
		:: else ->
			v = word;
			if
			:: v == 0 -> TAKE(v, TID | mark, 0)
			:: (v & OWNER_DIED) && !(v & TIDMASK) ->
				TAKE(v, TID | (v & WAITERS) | mark, 1)
			:: else ->
				if
				:: mstate == NOTRECOVERABLE ->
					res = ENOTRECOVERABLE; break
				:: else -> skip
				fi;
				if
				:: !(v & WAITERS) ->
					atomic {
						if
						:: word == v -> word = v | WAITERS; v = v | WAITERS
						:: else -> v = 0	/* changed: retry */
						fi
					}
				:: else -> skip
				fi;
				if
				:: v & WAITERS ->
					/* a woken thread 0 that gets here has left
					 * FUTEX_WAITERS on the word for the others */
					if :: me == 0 -> carry0 = 0 :: else -> skip fi;
					futex_wait(F_USER, word, v, 0, r);
#ifndef MUT_MARK0
					mark = WAITERS
#else
					skip
#endif
				:: else -> skip
				fi
			fi
		od;
		if
		:: got ->
			/* acquired() */
			linked[me] = 1;
			PENDING(0);
			if
			:: died ->
				atomic { assert(orphan); orphan = 0 };
				mstate = INCONSISTENT;
				res = EOWNERDEAD
			:: else ->
				assert(!orphan);
				if
				:: mstate == NOTRECOVERABLE ->
					mutex_unlock();
					res = ENOTRECOVERABLE
				:: else -> skip
				fi
			fi
		:: else -> PENDING(0)
		fi
	fi
}

/* exit_robust_list for thread 0 (TID 1): the list entries other than the
 * pending one, then the pending entry (handle_futex_death, pending_op). */
inline handle_death(pend)
{
	if
	:: pend && (word & TIDMASK) == 0 -> futex_wake(F_SHARED, 1, kcnt)
	:: (word & TIDMASK) == 1 ->
		kold = word;
		word = (kold & WAITERS) | OWNER_DIED;
		held_by = 0;
		orphan = 1;
		if
		:: kold & WAITERS -> futex_wake(F_SHARED, 1, kcnt)
		:: else -> skip
		fi
	:: else -> skip
	fi
}

inline thread0_exit_kernel()
{
	fq[0] = 0;
	if
	:: linked[0] && !pending[0] -> handle_death(0)
	:: else -> skip
	fi;
	if
	:: pending[0] -> handle_death(1)
	:: else -> skip
	fi;
	linked[0] = 0;
	pending[0] = 0;
	kold = 0;
	kcnt = 0;
	ndone++
}

proctype thread(byte me)
{
	byte it = 0, res, v, old, mark, r, cnt, nwake;
	bool got, died;
	{
		do
		:: it < (me == 0 -> 1 : ITER) ->
			mutex_lock(res);
			if
			:: res == ENOTRECOVERABLE -> nnotrec++; break
			:: res == EOWNERDEAD ->
				nodead++;
				if
				:: mstate = CONSISTENT	/* pthread_mutex_consistent */
				:: skip
				fi
			:: else -> skip
			fi;
			/* critical section */
			assert(held_by == TID);
			mutex_unlock();
			it++
		:: else -> break
		od;
		atomic { ndone++; if :: me == 0 -> fin0 = 1 :: else -> skip fi }
	} unless {
		me == 0 && kill	/* the kernel has done the rest */
	}
}

/* Thread 0 dies at any step (but, unless DIE_ANYWHERE, not while it
 * carries a wake); its exit runs in the kernel in one step. */
active proctype killer()
{
	if
#ifdef DIE_ANYWHERE
	:: atomic { !fin0 -> kill = 1; thread0_exit_kernel() }
#else
	:: atomic { !fin0 && !carry0 -> kill = 1; thread0_exit_kernel() }
#endif
	:: skip
	fi
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
