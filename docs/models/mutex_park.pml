/* The private mutex word with parking (shared by park.pml and cond.pml).
 *
 * Mirrors:
 *   include/fx/fast.h        fx_mutex_lock_fast, fx_mutex_trylock_fast,
 *                            fx_mutex_release012 (CAS(1, 0) unlock)
 *   runtime/mutex/mutex.c    fx_mutex_lock_busy, fx_mutex_lock_012_wait (its spin),
 *                            fx_mutex_trylock_free,
 *                            fx_mutex_release012_slow,
 *                            fx_mutex_cond_reacquire (0/1/2 kinds)
 *   runtime/mutex/park.c     fx_mutex_park_lock, fx_mutex_park_release
 * States and transitions: docs/mutex.md#parking.  A change of this
 * protocol must change this file in the same commit.
 *
 * The word: LOCKED 1 / CONTENDED 2 (held; 2: condvar waiters requeued onto
 * the word may sleep in the kernel), PARKED 8 (a node of this mutex is
 * queued), WOKEN 16 (a parked thread was taken off and woken and has not
 * looked yet).  Free: neither 1 nor 2.
 *
 * The bucket (one mutex, so one queue): its lock `blk` is an internal lock
 * (modelled as a blocking test-and-set: a thread that never gets it is an
 * invalid end state like any sleeper); the queue is FIFO, q[0] first.
 * Each thread's node is nwait/nstarv[me] and it sleeps on futex
 * FN(me).  A CAS loop that re-reads the word until its CAS succeeds is one
 * atomic read-modify-write here.  Time is abstract: a parker that has
 * slept may count as having waited long (nstarv) when it queues again, a
 * release may or may not hand the mutex to such a parker (its own turn
 * may not be over), a release that could spare its wake for WOKEN may
 * look at the queue anyway (once in PARK_LOOK_EVERY), and a timed lock's
 * FUTEX_WAIT may time out whenever it sleeps (also at once, when the
 * deadline passed while it was away).
 *
 * The including model defines F_WORD, NT, ACCESS (before futex.pml) and
 * may define LAST_OUT, NO_HANDOFF_REQ (no parker ever waits long enough
 * to ask for a hand-off) and the switches MUT_*.  The thread process needs
 * the locals v, r, cnt, want (byte) and got, ok, slept, last (bool).
 */
#ifndef MUTEX_PARK_PML
#define MUTEX_PARK_PML

#define UNLOCKED  0
#define LOCKED    1
#define CONTENDED 2
#define PARKED    8
#define WOKEN     16
#define FREE(x)   (((x) & 3) == 0)
#define FN(i)     (8 + (i))	/* the futex of thread i's node */
#define NONE      255
#define N_WOKEN   0	/* node word values */
#define N_QUEUED  1
#define N_HANDED  2

#define OP_LOCK  0
#define OP_TIMED 1
#define OP_TRY   2

byte word = UNLOCKED;
byte incs = 0;		/* ghost: threads holding the mutex */
bool mtmo = 0;		/* ghost: a lock timed out */
bool nhanded = 0;	/* ghost: a hand-off took place */
bool handing = 0;	/* ghost: held for a starving parker, not yet taken */
bool nparked = 0;	/* ghost: a thread slept parked and was woken */
bool nspared = 0;	/* ghost: a release left the parked to a WOKEN one */

bit blk = 0;		/* the bucket's lock */
byte q[NT];		/* the bucket's queue, q[0] first */
byte qlen = 0;
byte nwait[NT];		/* node: QUEUED until its release stores WOKEN/HANDED */
bit nstarv[NT];		/* node: we ask for a hand-off */
bit nuntil[NT];		/* scratch: the wait may still time out */
bit ninside[NT];	/* ghost: the node (on its thread's stack) is in use */
byte pmine[NT];		/* WOKEN if we were taken off and have not looked */
byte pn[NT];		/* scratch: the node a release took off */
bit pkq[NT];		/* scratch: the release must wake the kernel queue */
bit phand[NT];		/* scratch: the release hands the mutex over */
bit ptake[NT];		/* scratch: the release takes the first node off */
byte qi[NT];		/* scratch: queue index */
bit pout[NT];		/* scratch: the lock call gives up (timed out) */

#ifndef LAST_OUT
#define LAST_OUT skip
#endif

#define LOAD(x) atomic { ACCESS; x = word }
#define BLOCK atomic { blk == 0 -> blk = 1 }
#define BUNLOCK blk = 0

#define ENTER atomic { incs++; assert(incs == 1); assert(!handing) }
#define LEAVE incs--

/* Take thread t's node off the queue if it is there; ok := it was. */
inline q_remove(t, ok)
{
	atomic {
		ok = 0;
		qi[me] = 0;
		do
		:: qi[me] < qlen && q[qi[me]] == t -> ok = 1; break
		:: qi[me] < qlen && q[qi[me]] != t -> qi[me]++
		:: qi[me] >= qlen -> break
		od;
		if
		:: ok ->
			do
			:: qi[me] + 1 < qlen -> q[qi[me]] = q[qi[me] + 1]; qi[me]++
			:: else -> break
			od;
			qlen--;
			q[qlen] = 0
		:: else -> skip
		fi;
		qi[me] = 0
	}
}

/* Take a free word (v) as ours, clearing WOKEN if it is ours to clear. */
#ifndef MUT_WOKEN_KEEPS_MARK
#define TAKE(v) (((v) | LOCKED) & ~pmine[me])
#else
#define TAKE(v) ((v) | LOCKED)
#endif

/* fx_mutex_lock_fast -> fx_mutex_lock_busy (or lock_slow) -> 012_wait (spin) -> park_lock */
inline mutex_lock(op, got)
{
	got = 0;
	atomic { ACCESS; if :: word == UNLOCKED -> word = LOCKED; got = 1 :: else -> v = word fi };
	if
	:: got -> skip
	:: op == OP_TRY ->
		/* fx_mutex_trylock_free */
		atomic { ACCESS; v = word; if :: FREE(v) -> word = v | LOCKED; got = 1 :: else -> skip fi }
	:: else ->
		/* fx_mutex_lock_busy and the bounded spin: an optional CAS from a free word (a superset: the code always tries it on a free value) */
		if
		:: atomic { ACCESS; FREE(word) -> word = word | LOCKED; got = 1 }
		:: skip
		fi;
		slept = 0;
		pmine[me] = 0;
		do
		:: got || pout[me] -> break
		:: else ->
			LOAD(v);
			if
			:: FREE(v) ->
				atomic { ACCESS; if :: word == v -> word = TAKE(v); got = 1 :: else -> skip fi }
			:: else ->
				BLOCK;
				/* PARKED first (clearing our WOKEN), unless free */
				atomic {
					ACCESS; v = word;
					if
					:: !FREE(v) ->
#ifndef MUT_PARK_NO_MARK
						word = (v | PARKED) & ~pmine[me]
#else
						word = v & ~pmine[me]
#endif
					:: else -> skip
					fi
				};
				if
				:: FREE(v) ->
					atomic { ACCESS; if :: word == v -> word = TAKE(v); got = 1 :: else -> skip fi };
					BUNLOCK
				:: else ->
					pmine[me] = 0;
					nwait[me] = N_QUEUED;
					if
#ifndef NO_HANDOFF_REQ
					:: slept -> nstarv[me] = 1
#endif
					:: nstarv[me] = 0
					fi;
					atomic { q[qlen] = me; qlen++; ninside[me] = 1 };
					BUNLOCK;
					/* until the release that took the node off has
					 * stored into it */
					nuntil[me] = (op == OP_TIMED);
					do
					:: nwait[me] != N_QUEUED -> break
					:: else ->
						futex_wait(FN(me), nwait[me], N_QUEUED, nuntil[me], r);
						if
						:: r == ETIMEDOUT ->
							BLOCK;
							q_remove(me, ok);
							if
							:: ok && qlen == 0 -> atomic { ACCESS; word = word & ~PARKED }
							:: else -> skip
							fi;
							BUNLOCK;
							if
							:: ok -> mtmo = 1; pout[me] = 1; break
#ifndef MUT_TIMEOUT_LEAVES_EARLY
							:: else -> nuntil[me] = 0	/* wait for the store */
#else
							:: else -> break
#endif
							fi
						:: else -> skip
						fi
					od;
					nuntil[me] = 0;
					ninside[me] = 0;	/* the frame may go */
					if
					:: pout[me] -> skip
					:: !pout[me] && nwait[me] == N_HANDED ->
						atomic { got = 1; nhanded = 1; handing = 0 }
					:: !pout[me] && nwait[me] == N_WOKEN ->
						nparked = 1;
						pmine[me] = WOKEN;
						slept = 1
					fi
				fi
			fi
		od;
		pout[me] = 0;
		pmine[me] = 0
	fi
}

/* fx_mutex_park_release: the word (v, read by the failed CAS(1, 0)) has
 * PARKED or WOKEN. */
inline park_release()
{
	/* WOKEN: the woken parker is on its way, just free the word (a CAS
	 * loop that goes on only while WOKEN is still there); once in a while
	 * the release looks at the queue anyway (the choice below) */
	atomic {
		ACCESS;
#ifndef MUT_RELEASE_STALE_WOKEN
		v = word;
		ok = ((v & WOKEN) != 0);
#else
		/* decided on the value the failed CAS(1, 0) read */
		ok = ((v & WOKEN) != 0);
		v = word;
#endif
		if
		:: ok -> if :: skip :: ok = 0 fi
		:: else -> skip
		fi;
		if
		:: ok ->
			word = v & (PARKED | WOKEN);
			if :: (v & PARKED) -> nspared = 1 :: else -> skip fi;
			LAST_OUT
		:: else -> skip
		fi
	};
	if
	:: ok ->
		if
		:: (v & 3) == CONTENDED -> futex_wake(F_WORD, 1, cnt)
		:: else -> skip
		fi
	:: else ->
		BLOCK;
		/* the first node; a hand-off if it has waited long (nstarv)
		 * and we may hand on (not within our own turn: a choice) */
		atomic {
			if
			:: qlen > 0 -> pn[me] = q[0]
			:: else -> pn[me] = NONE
			fi;
			phand[me] = 0;
			if
			:: pn[me] != NONE && nstarv[pn[me]] -> if :: phand[me] = 1 :: skip fi
			:: else -> skip
			fi
		};
		atomic {
			ACCESS; v = word;
			ptake[me] = (pn[me] != NONE && (phand[me] || (v & WOKEN) == 0));
			pkq[me] = 0;
			if
			:: !ptake[me] ->
				word = (pn[me] != NONE -> v & (PARKED | WOKEN) : 0);
				pkq[me] = ((v & 3) == CONTENDED)
			:: ptake[me] ->
				q_remove(pn[me], ok);
				if
				:: phand[me] ->
					word = v & 3;		/* stays held, for the node */
					handing = 1
				:: else ->
					word = (qlen > 0 -> WOKEN : 0);
					pkq[me] = ((v & 3) == CONTENDED)
				fi;
				if
#ifndef MUT_RELEASE_DROPS_PARKED
				:: qlen > 0 -> word = word | PARKED
#endif
				:: else -> skip
				fi
			fi;
			LAST_OUT
		};
		BUNLOCK;
		if
		:: ptake[me] ->
			/* FUTEX_WAKE_OP: store and wake in one kernel step */
			atomic {
				assert(ninside[pn[me]]);
				nwait[pn[me]] = (phand[me] -> N_HANDED : N_WOKEN);
				futex_wake(FN(pn[me]), 1, cnt)
			}
		:: else -> skip
		fi;
		if
		:: pkq[me] -> futex_wake(F_WORD, 1, cnt)
		:: else -> skip
		fi;
		pn[me] = 0;
		pkq[me] = 0;
		phand[me] = 0;
		ptake[me] = 0
	fi
}

/* fx_mutex_release012 + fx_mutex_release012_slow (private words) */
inline mutex_unlock()
{
	atomic {
		ACCESS;
		if
		:: word == LOCKED -> word = UNLOCKED; ok = 1; LAST_OUT
		:: else -> v = word; ok = 0
		fi
	};
	if
	:: ok -> skip
	:: else ->
		assert(!FREE(v));
		do
		:: (v & (PARKED | WOKEN)) -> park_release(); break
		:: else ->
#ifndef MUT_UNLOCK_XCHG
			atomic {
				ACCESS;
				if
				:: word == v -> word = UNLOCKED; ok = 1; LAST_OUT
				:: else -> v = word; ok = 0
				fi
			};
#else
			atomic { ACCESS; v = word; word = UNLOCKED; ok = 1; LAST_OUT };
#endif
			if
			:: ok ->
				if
				:: v != LOCKED -> futex_wake(F_WORD, 1, cnt)
				:: else -> skip
				fi;
				break
			:: else -> skip
			fi
		od
	fi
}

/* fx_mutex_cond_reacquire, 0/1/2 kinds: mark the word 2 (keeping PARKED
 * and WOKEN) until the old value was free; sleep in the kernel queue. */
inline mutex_reacquire()
{
	do
	:: atomic {
		ACCESS; v = word;
#ifndef MUT_REACQUIRE_DROPS_PARKED
		want = (v & (PARKED | WOKEN)) | CONTENDED;
#else
		want = CONTENDED;
#endif
		word = want
	   };
		if
		:: FREE(v) -> break
		:: else -> futex_wait(F_WORD, word, want, 0, r)
		fi
	od
}

#endif
