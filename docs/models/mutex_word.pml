/* The process-shared mutex word: 0/1/2 with hand-off, its waiters asleep
 * on the word (the scenario is mutex012.pml; private words park their
 * waiters instead, mutex_park.pml).
 *
 * Mirrors:
 *   include/fx/fast.h        fx_mutex_lock_fast, fx_mutex_trylock_fast,
 *                            fx_mutex_release012 (CAS(1, 0) unlock)
 *   runtime/mutex/mutex.c    fx_mutex_lock_slow, fx_mutex_lock_012_wait,
 *                            fx_mutex_release012_slow,
 *                            fx_mutex_cond_reacquire (0/1/2 kinds)
 * States and transitions: docs/mutex.md#word-012 and #handoff.  A change
 * of this protocol must change this file in the same commit.
 *
 *   0 UNLOCKED  1 LOCKED  2 CONTENDED  6 CONTENDED|HANDOFF_REQ (STARVING)
 *   3 HANDED (held for a thread woken from the queue)
 *
 * The bounded spin (CAS(0, 1) whenever 0 is seen; its learned budget only
 * changes how often) is one optional CAS: failed tries change nothing, and
 * at most one succeeds.  The condvar re-acquire's bounded look for 0 only
 * reads.  Time is abstract: a thread that has slept and wakes again may
 * from then on count as having waited longer than FXPTHREAD_HANDOFF_US.
 *
 * The including model defines F_WORD (the word's futex id) and, before
 * including futex.pml, ACCESS (an assertion run with every access to the
 * word); it may define LAST_OUT (run with a thread's releasing step) and
 * the switches MUT_*, and NO_HANDOFF_REQ (no thread ever
 * waits long enough to ask for a hand-off).  The thread process needs the locals
 * v, r, cnt, want (byte) and got, ok, slept, last (bool).
 */
#ifndef MUTEX_WORD_PML
#define MUTEX_WORD_PML

#define UNLOCKED  0
#define LOCKED    1
#define CONTENDED 2
#define HANDED    3
#define STARVING  6

#define OP_LOCK  0
#define OP_TIMED 1
#define OP_TRY   2

byte word = UNLOCKED;
byte incs = 0;		/* ghost: threads holding the mutex */
bool mtmo = 0;		/* ghost: a lock timed out */
bool nhanded = 0;	/* ghost: a hand-off took place */
bool handing = 0;	/* ghost: the word is HANDED, not yet taken */

#ifndef LAST_OUT
#define LAST_OUT skip
#endif
#ifdef MUT_NEWCOMER_TAKES_HANDED
#define NEWCOMER_TAKES 1
#else
#define NEWCOMER_TAKES 0
#endif

/* One atomic instruction on the word. */
#define CAS(from, to, ok) atomic { ACCESS; if :: word == from -> word = to; ok = 1 :: else -> ok = 0 fi }
#define LOAD(x) atomic { ACCESS; x = word }

/* Ownership, as a ghost: one holder at a time, and while a hand-off is
 * pending only a thread that has slept may acquire. */
#define ENTER atomic { incs++; assert(incs == 1); assert(!handing) }
#define LEAVE incs--

/* fx_mutex_lock_fast -> fx_mutex_lock_slow -> fx_mutex_lock_012_wait */
inline mutex_lock(op, got)
{
	got = 0;
	CAS(UNLOCKED, LOCKED, got);
	if
	:: got || op == OP_TRY -> skip
	:: else ->
		/* bounded spin: CAS(0, 1) whenever 0 is seen */
		if
		:: atomic { ACCESS; word == UNLOCKED -> word = LOCKED; got = 1 }
		:: skip
		fi;
		slept = 0;
		want = CONTENDED;
		do
		:: got -> break
		:: else ->
			LOAD(v);
			if
			:: v == UNLOCKED ->
#ifndef MUT_WOKEN_TAKES_1
				CAS(UNLOCKED, CONTENDED, got)
#else
				if
				:: slept -> CAS(UNLOCKED, LOCKED, got)
				:: else -> CAS(UNLOCKED, CONTENDED, got)
				fi
#endif
			:: v == HANDED && (slept || NEWCOMER_TAKES) ->
				atomic {
					CAS(HANDED, CONTENDED, got);
					if :: got && slept -> nhanded = 1; handing = 0 :: else -> skip fi
				}
			:: else ->
				ok = 1;
				if
				:: v != HANDED && v != want && v != STARVING ->
					CAS(v, want, ok);
					if :: ok -> v = want :: else -> skip fi
				:: else -> skip
				fi;
				if
				:: ok ->
					futex_wait(F_WORD, word, v, op == OP_TIMED, r);
					if
					:: r == ETIMEDOUT ->
#ifdef MUT_OLD_HANDOFF
						/* maybe the sleeper a hand-off chose */
						atomic {
							CAS(HANDED, CONTENDED, got);
							if
							:: got -> nhanded = 1; handing = 0
							:: else -> mtmo = 1
							fi
						};
#else
						/* take a hand-off made for us, or
						 * withdraw our request */
						do
						:: LOAD(v);
							if
							:: v == HANDED ->
								atomic {
									CAS(HANDED, CONTENDED, got);
									if :: got -> nhanded = 1; handing = 0 :: else -> skip fi
								};
								if :: got -> break :: else -> skip fi
							:: v == STARVING && want == STARVING ->
								CAS(STARVING, CONTENDED, ok);
								if :: ok -> mtmo = 1; break :: else -> skip fi
							:: else -> mtmo = 1; break
							fi
						od;
#endif
						break
					:: else -> skip
					fi;
#ifndef NO_HANDOFF_REQ
					if
					:: slept -> if :: want = STARVING :: skip fi
					:: else -> skip
					fi;
#endif
					slept = 1
				:: else -> skip
				fi
			fi
		od
	fi
}

/* fx_mutex_release012 + fx_mutex_release012_slow */
inline mutex_unlock()
{
	/* CAS(1, 0), release; on failure v is the word it found */
#ifndef MUT_UNLOCK_LOAD_STORE
	atomic {
		ACCESS;
		if
		:: word == LOCKED -> word = UNLOCKED; ok = 1; LAST_OUT
		:: else -> v = word; ok = 0
		fi
	};
#else
	LOAD(v);
	ok = 0;
	if
	:: v == LOCKED -> atomic { ACCESS; word = UNLOCKED; ok = 1; LAST_OUT }
	:: else -> skip
	fi;
#endif
	if
	:: ok -> skip
	:: else ->
		assert(v == CONTENDED || v == STARVING);
		ok = 0;
		if
		:: v == STARVING ->
			atomic { ACCESS; if :: word == STARVING -> word = HANDED; ok = 1; handing = 1; LAST_OUT :: else -> skip fi }
		:: else -> skip
		fi;
		if
		:: ok ->
			/* still held: hand it to the longest sleeper */
			futex_wake(F_WORD, 1, cnt);
#ifndef MUT_OLD_HANDOFF
			/* no access after the wake; if it found nobody,
			 * the asker is awake and takes the word itself */
			cnt = 1;
#endif
			if
			:: cnt == 0 ->
				atomic { CAS(HANDED, UNLOCKED, ok); if :: ok -> handing = 0 :: else -> skip fi };
				if
				:: ok -> futex_wake(F_WORD, 1, cnt)
				:: else -> skip
				fi
			:: else -> skip
			fi
		:: else ->
			/* CAS(v, 0) retried with the value found: on a word
			 * without parking marks, one exchange */
			atomic { ACCESS; v = word; word = UNLOCKED; LAST_OUT };
#ifndef MUT_UNLOCK_NO_WAKE
			if
			:: v != LOCKED -> futex_wake(F_WORD, 1, cnt)
			:: else -> skip
			fi
#else
			if
			:: v == STARVING -> futex_wake(F_WORD, 1, cnt)
			:: else -> skip
			fi
#endif
		fi
	fi
}

/* fx_mutex_cond_reacquire, 0/1/2 kinds: write 2 (a CAS loop, one
 * exchange on a word without parking marks) until the old value was
 * 0, or 3 (a hand-off, which a woken condvar waiter may take). */
inline mutex_reacquire()
{
	do
	:: atomic {
		ACCESS; v = word; word = CONTENDED;
		if :: v == HANDED -> nhanded = 1; handing = 0 :: else -> skip fi
	   };
		if
		:: v == UNLOCKED || v == HANDED -> break
		:: else -> futex_wait(F_WORD, word, CONTENDED, 0, r)
		fi
	od
}

#endif
