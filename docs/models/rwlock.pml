/* The reader-writer lock: one futex word with reader and writer wake
 * classes, plus nwwait.
 *
 * Mirrors:
 *   include/fx/fast.h        fx_rwlock_rdlock_fast, fx_rwlock_wrlock_fast,
 *                            fx_rwlock_unlock_fast
 *   runtime/rwlock/rwlock.c  fx_rwlock_rdlock_slow, fx_rwlock_wrlock_slow,
 *                            writer_left, fx_rwlock_unlock_slow,
 *                            wake_writer, wake_readers
 * for the default kind (prefer reader; PREFER_WRITER_NP behaves the same in
 * fxpthread) and, with PREFER_WRITER, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP.
 * State table and invariants R1-R6: docs/rwlock.md.  A change of this
 * protocol must change this model in the same commit.  The read-lock fast
 * path of the reader-preferring kind adds its reader with fetch_add and,
 * if the lock is not to be had, takes the increment back
 * (fx_rwlock_rdlock_backout, R6): a passing increment, counted by the
 * ghost `rtrans`.
 *
 * state = readers inside (0..3) | READERS_WAITING (4) | WRITERS_WAITING (8)
 *         | WRLOCKED (16).  FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET classes are
 * two futex ids on the same word: F_READERS and F_WRITERS.
 * Each memory access of the C code is one step; every CAS is strong.
 * Roles (RW_CONF 1): threads 0 and 1 read, thread 2 writes;
 *       (RW_CONF 2): thread 0 reads, threads 1 and 2 write;
 *       (RW_CONF 3): threads 0 and 1 read, threads 2 and 3 write.
 * With TIMED the last thread's lock has a deadline (a timed-out writer
 * runs writer_left); with TIMED_READER thread 0's too.  Each thread locks
 * and unlocks ITER times.  With DESTROY, thread 0 ends by taking and
 * releasing the write lock once more after every other thread is done
 * with the lock (their last releasing CAS made, or their failed lock call
 * returned), and then destroys it (R4).
 *
 * Checked:
 *   - exclusion: a writer inside excludes every other thread; the reader
 *     count in `state` equals the readers inside plus passing increments;
 *   - unlock finds the lock held by the caller's kind;
 *   - R4 (DESTROY): after destroy nobody reads or writes the lock; the
 *     unlockers still inside may only make wake syscalls;
 *   - no lost wakeup: all threads finish (no invalid end state);
 *   - LIVE: <> all finished, under weak fairness.
 *
 * writer_left models FX_RW_WRITER_LEFT (docs/rwlock.md#writer-left): a
 * writer that gives up while another writer holds the lock marks the word
 * so that the holder's releasing CAS fails and re-reads nwwait.
 *
 * Mutations (each must make spin report an error):
 *   MUT_W_NO_MARK          a writer that has slept takes the lock without
 *                          WRITERS_WAITING (R2): other sleeping writers are
 *                          forgotten
 *   MUT_R_NO_RECHECK       a reader that set READERS_WAITING does not
 *                          re-read nwwait (R3): with PREFER_WRITER it
 *                          sleeps on a free lock once the writer is gone
 *   MUT_NO_WRITER_LEFT     a timed-out writer does not run writer_left
 *   MUT_WUNLOCK_NO_RWAKE   a write unlock clears READERS_WAITING without
 *                          waking the readers
 *   MUT_NWWAIT_AFTER_RELEASE the last reader reads nwwait after its
 *                          releasing CAS (as before R4): with DESTROY it
 *                          reads a destroyed lock
 *   MUT_BACKOUT_NO_WAKE    the last passing increment taken back does not
 *                          wake the writer it kept out (R6)
 *   MUT_WUNLOCK_DROPS_COUNT a write unlock writes the state without the
 *                          count, losing a passing reader's increment (R6)
 *   MUT_OLD_WRITER_LEFT    writer_left without the WRITER_LEFT mark (the
 *                          code before it, docs/models/README.md
 *                          #rwlock-prefer-writer): with PREFER_WRITER a
 *                          holder's stale nwwait leaves a reader asleep
 *                          on a free lock
 */
#ifndef RW_CONF
#define RW_CONF 1
#endif
#if RW_CONF == 3
#define NT 4
#else
#define NT 3
#endif
#ifndef ITER
#define ITER 1
#endif

#define F_READERS 1
#define F_WRITERS 2

bool destroyed = 0;	/* ghost: destroy has returned */
#define ACCESS assert(!destroyed)
#define ON_WAIT(f) ACCESS
#include "futex.pml"

#define COUNT  3
#define RWAIT  4
#define WWAIT  8
#define WRL    16
#define LEFT   32	/* FX_RW_WRITER_LEFT: a registered writer gave up */
#define BUSY   (WRL | COUNT)
#define ALL    4

#ifdef PREFER_WRITER
#define PW 1
#else
#define PW 0
#endif

byte state = 0;
byte nwwait = 0;

byte rin = 0;		/* ghost: readers inside */
byte rtrans = 0;	/* ghost: passing increments of the fast path (R6) */
bool nbackout = 0;	/* ghost: a passing increment was taken back */
byte win = 0;		/* ghost: writers inside */
bool nleft = 0;		/* ghost: writer_left passed a wake on */
bool nkeep = 0;		/* ghost: a write unlock kept READERS_WAITING */
byte nout = 0;		/* ghost: threads done with the lock (DESTROY) */
byte ndone = 0;

#if RW_CONF == 1
#define IS_WRITER(i) ((i) == 2)
#elif RW_CONF == 2
#define IS_WRITER(i) ((i) >= 1)
#else
#define IS_WRITER(i) ((i) >= 2)
#endif

/* CAS(state: s -> nv); ok := success; s := the value found on failure. */
#define CAS_STATE(s, nv, ok, ghost)                                         \
	atomic {                                                            \
		ACCESS;                                                     \
		if                                                          \
		:: state == s -> state = nv; ok = 1; ghost                  \
		:: else -> s = state; ok = 0                                \
		fi                                                          \
	}

#define LOAD_STATE(x)  atomic { ACCESS; x = state }
#define LOAD_NWWAIT(x) atomic { ACCESS; x = nwwait }

#define ENTER_R rin++; assert(win == 0 && (state & COUNT) == rin + rtrans)
#define ENTER_W win++; assert(win == 1 && rin == 0)
/* the thread's last release: from here on only wakes (R4) */
#define LAST_OUT if :: last -> nout++ :: else -> skip fi

inline wake_writer()
{
	futex_wake(F_WRITERS, 1, cnt)	/* FUTEX_WAKE_BITSET, may be freed */
}

inline wake_readers()
{
	futex_wake(F_READERS, ALL, cnt)
}

/* fx_rwlock_rdlock_backout: reader_release of a passing increment */
inline backout()
{
	LOAD_STATE(s);
	ok = 0;
	do
	:: ok -> break
	:: else ->
		ns = s - 1;
		if
		:: (ns & (WRL | COUNT)) == 0 ->
			ns = ns & ~WWAIT;
			ns = ns & ~RWAIT	/* not PW: nobody preferred */
		:: else -> skip
		fi;
		CAS_STATE(s, ns, ok, rtrans--; nbackout = 1)
	od;
	ok = 0;
	if
	:: (ns & (WRL | COUNT)) == 0 ->
		if
#ifndef MUT_BACKOUT_NO_WAKE
		:: s & WWAIT -> wake_writer()
#endif
		:: else -> skip
		fi;
		if
		:: (s & RWAIT) && !(ns & RWAIT) -> wake_readers()
		:: else -> skip
		fi
	:: else -> skip
	fi
}

inline rdlock(tmo, res)
{
	res = 0;
	/* fx_rwlock_rdlock_fast: fetch_add, taken back if the lock is not to
	 * be had (R6) */
	ok = 0;
	if
	:: !PW ->
		atomic {
			ACCESS;
			s = state;
			state = state + 1;
			if
			:: !(s & (WRL | RWAIT)) -> ok = 1; ENTER_R
			:: else -> rtrans++
			fi
		};
		if
		:: !ok -> backout()
		:: else -> skip
		fi
	:: else -> skip
	fi;
	/* fx_rwlock_rdlock_slow */
	do
	:: ok -> break
	:: else ->
		LOAD_STATE(s);
		v = 0;
		if
		:: !(s & WRL) && PW -> LOAD_NWWAIT(v)
		:: else -> skip
		fi;
		if
		:: !(s & WRL) && v == 0 ->
			CAS_STATE(s, s + 1, ok, ENTER_R)
		:: else ->
			retry = 0;
			if
			:: !(s & RWAIT) ->
				CAS_STATE(s, s | RWAIT, ok, skip);
				if
				:: ok ->
					s = s | RWAIT;
					ok = 0;
#ifndef MUT_R_NO_RECHECK
					if
					:: !(s & WRL) ->
						LOAD_NWWAIT(v);
						retry = (v == 0)	/* R3 */
					:: else -> skip
					fi
#endif
				:: else -> retry = 1
				fi
			:: else -> skip
			fi;
			if
			:: !retry ->
				futex_wait(F_READERS, state, s, tmo, r);
				if
				:: r == ETIMEDOUT -> res = ETIMEDOUT; break
				:: else -> skip
				fi
			:: else -> skip
			fi
		fi
	od
}

inline writer_left()
{
	atomic { ACCESS; s = state; state = state | WWAIT };
	if
	:: !(s & BUSY) -> wake_writer(); nleft = 1
	:: else -> skip
	fi;
	LOAD_NWWAIT(v);
#ifdef MUT_OLD_WRITER_LEFT
	if
	:: v == 0 ->
		LOAD_STATE(s);
		if
		:: s & RWAIT ->
			LOAD_STATE(s);
			if
			:: !(s & WRL) ->
				atomic { ACCESS; state = state & ~RWAIT };
				wake_readers();
				nleft = 1
			:: else -> skip
			fi
		:: else -> skip
		fi
	:: else -> skip
	fi
#else
	/* while a writer holds the lock, leave a mark its releasing CAS
	 * cannot miss, so it re-reads nwwait */
	do
	:: v != 0 -> break
	:: else ->
		LOAD_STATE(s);
		if
		:: !(s & RWAIT) -> break
		:: !(s & WRL) && (s & RWAIT) ->
			atomic { ACCESS; state = state & ~RWAIT };
			wake_readers();
			nleft = 1;
			break
		:: (s & WRL) && (s & RWAIT) ->
			CAS_STATE(s, s | LEFT, ok, skip);
			if :: ok -> ok = 0; break :: else -> skip fi
		fi
	od
#endif
}

inline wrlock(tmo, res)
{
	res = 0;
	/* fx_rwlock_wrlock_fast */
	ok = 0;
	s = 0;
	CAS_STATE(s, WRL, ok, ENTER_W);
	/* fx_rwlock_wrlock_slow */
	counted = 0;
	mark = 0;
	do
	:: ok -> break
	:: else ->
		LOAD_STATE(s);
		if
		:: !(s & BUSY) ->
			CAS_STATE(s, s | WRL | mark, ok, ENTER_W);
			if
			:: ok && counted -> atomic { ACCESS; nwwait-- }
			:: else -> skip
			fi
		:: !counted && (s & BUSY) ->
			atomic { ACCESS; nwwait++ };
			counted = 1
		:: counted && (s & BUSY) ->
			retry = 0;
			if
			:: !(s & WWAIT) ->
				CAS_STATE(s, s | WWAIT, ok, skip);
				if
				:: ok -> s = s | WWAIT; ok = 0
				:: else -> retry = 1
				fi
			:: else -> skip
			fi;
			if
			:: !retry ->
				futex_wait(F_WRITERS, state, s, tmo, r);
#ifndef MUT_W_NO_MARK
				mark = WWAIT;
#endif
				if
				:: r == ETIMEDOUT ->
					atomic { ACCESS; nwwait-- };
#ifndef MUT_NO_WRITER_LEFT
					writer_left();
#endif
					res = ETIMEDOUT;
					break
				:: else -> skip
				fi
			:: else -> skip
			fi
		fi
	od
}

inline rw_unlock(last)
{
	/* fx_rwlock_unlock_fast.  The code guesses s (1 for a reader, WRL
	 * for the write owner) instead of loading it: a CAS whose guess is
	 * wrong fails as one whose load went stale does, and returns the
	 * state, as the load here does. */
	LOAD_STATE(s);
	ok = 0;
	if
	:: !(s & (WRL | RWAIT | WWAIT)) && (s & COUNT) != 0 ->
		CAS_STATE(s, s - 1, ok, rin--; LAST_OUT)
	:: s == WRL ->
		CAS_STATE(s, 0, ok, win--; LAST_OUT)
	:: else -> skip
	fi;
	/* fx_rwlock_unlock_slow(rw, s) */
	if
	:: ok -> skip
	:: !ok && (s & WRL) ->
		assert(win == 1);
		do
		:: ok -> break
		:: else ->
			keep = 0;
			if
			:: PW -> LOAD_NWWAIT(v); keep = (v -> (s & RWAIT) : 0)
			:: else -> skip
			fi;
#ifndef MUT_WUNLOCK_DROPS_COUNT
			CAS_STATE(s, keep | (s & COUNT), ok, win--; LAST_OUT)
#else
			CAS_STATE(s, keep, ok, win--; LAST_OUT)
#endif
		od;
		if :: keep -> nkeep = 1 :: else -> skip fi;
		if
		:: s & WWAIT -> wake_writer()
		:: else -> skip
		fi;
#ifndef MUT_WUNLOCK_NO_RWAKE
		if
		:: (s & RWAIT) && !keep -> wake_readers()
		:: else -> skip
		fi
#endif
	:: !ok && !(s & WRL) ->
		do
		:: ok -> break
		:: else ->
			assert((s & COUNT) != 0 && !(s & WRL));
			ns = s - 1;
			if
			:: (ns & COUNT) == 0 ->
				ns = ns & ~WWAIT;
				v = 0;
				if
				:: PW -> LOAD_NWWAIT(v)
				:: else -> skip
				fi;
				if
				:: v == 0 -> ns = ns & ~RWAIT
				:: else -> skip
				fi
			:: else -> skip
			fi;
			CAS_STATE(s, ns, ok, rin--; LAST_OUT)
		od;
		if
		:: (ns & COUNT) == 0 ->
#ifdef MUT_NWWAIT_AFTER_RELEASE
			LOAD_NWWAIT(v);
#endif
			if
			:: s & WWAIT -> wake_writer()
			:: else -> skip
			fi;
			if
			:: (s & RWAIT) && !(ns & RWAIT) -> wake_readers()
			:: else -> skip
			fi
		:: else -> skip
		fi
	fi
}

#ifdef DESTROY
#define DESTROYING 1
#else
#define DESTROYING 0
#endif

proctype thread(byte me)
{
	byte it = 0, s, ns, v, r, cnt, res, keep, mark;
	bool ok, counted, tmo, retry, last;
#ifdef TIMED
	tmo = (me == NT - 1);
#endif
#ifdef TIMED_READER
	tmo = tmo || (me == 0);
#endif
	do
	:: it < ITER ->
		last = (it == ITER - 1) && !(me == 0 && DESTROYING);
		if
		:: IS_WRITER(me) ->
			wrlock(tmo, res);
			if
			:: res == 0 ->
				assert(win == 1 && rin == 0);
				rw_unlock(last)
			:: else -> if :: last -> nout++ :: else -> skip fi
			fi
		:: else ->
			rdlock(tmo, res);
			if
			:: res == 0 ->
				assert(win == 0);
				rw_unlock(last)
			:: else -> if :: last -> nout++ :: else -> skip fi
			fi
		fi;
		it++
	:: else -> break
	od;
#ifdef DESTROY
	if
	:: me == 0 ->
		/* every other thread is done with the lock */
		(nout == NT - 1);
		wrlock(0, res);
		assert(res == 0);
		rw_unlock(0);
		/* fx_rwlock_destroy: not busy, then poison */
		atomic { ACCESS; assert(!(state & BUSY)); destroyed = 1 }
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
		run thread(2);
#if NT == 4
		run thread(3)
#endif
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
