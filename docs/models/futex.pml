/* The kernel side of futex(2), shared by every model in this folder.
 *
 * Mirrors the kernel semantics listed in docs/futex.md, which the
 * wrappers of include/fx/futex.h pass through unchanged:
 *
 *   FUTEX_WAIT        compares the word and enqueues the caller in one
 *                     atomic step (futex_wait_setup: hash-bucket lock, then
 *                     the value check); returns 0 once dequeued by a wake,
 *                     EAGAIN when the word differs, ETIMEDOUT when the
 *                     deadline passes while still queued (a thread that a
 *                     wake has already dequeued returns 0, as in the kernel's
 *                     futex_unqueue check).
 *   FUTEX_WAKE        dequeues up to n queued threads.  Which ones is left
 *                     open (the kernel orders by priority, then FIFO), so the
 *                     models check every choice.
 *   FUTEX_CMP_REQUEUE if the word still holds `val`, wakes up to nwake and
 *                     moves the others to a second futex, else EAGAIN.
 *
 * A model defines NT (threads, at most 4) and, before including this file,
 * optionally ON_WAIT(f), ON_WAKE(i, f), ON_REQUEUE(i, f), ON_TIMEOUT(i, f):
 * ghost actions run atomically with a FUTEX_WAIT's compare-and-enqueue on f,
 * with the dequeue of thread i from f, with its move off f, or with its
 * timing out while queued on f (f may differ from the futex it waited on
 * after a requeue).  Each thread process has a local `me`
 * (0..NT-1).  A sleeping thread is a process blocked on `fq[me] == 0`, so a
 * thread left asleep when every other thread has finished is an invalid end
 * state: that is how a lost wakeup shows up.
 *
 * Spurious returns (EINTR) are not modelled: every caller treats any return
 * as "re-check the word", so they add behaviours that only retry.
 *
 * A change of the futex layer's use of the kernel must change this file in
 * the same commit.
 */
#ifndef FUTEX_PML
#define FUTEX_PML

#define EAGAIN    11
#define ETIMEDOUT 110

#ifndef ON_WAIT
#define ON_WAIT(f) skip
#endif
#ifndef ON_WAKE
#define ON_WAKE(i, f) skip
#endif
#ifndef ON_REQUEUE
#define ON_REQUEUE(i, f) skip
#endif
#ifndef ON_TIMEOUT
#define ON_TIMEOUT(i, f) skip
#endif

byte fq[NT];	/* futex the thread sleeps on, 0 when it is not queued */
byte rq_i;	/* scratch of futex_cmp_requeue, always 0 between steps */

/* FUTEX_WAIT(f, val) on word `word`.  tmo: this call has a deadline. */
inline futex_wait(f, word, val, tmo, r)
{
	atomic {
		ON_WAIT(f);
		if
		:: word == val -> fq[me] = f; r = 0
		:: else -> r = EAGAIN
		fi
	}
	if
	:: r == 0 ->
		if
		:: fq[me] == 0 -> skip
		:: atomic { (tmo) && fq[me] != 0 -> ON_TIMEOUT(me, fq[me]); fq[me] = 0; r = ETIMEDOUT }
		fi
	:: else -> skip
	fi
}

/* Dequeue one thread sleeping on f, any of them; `none` if there is none. */
#define PICK(i, f) :: fq[i] == f -> fq[i] = 0; ON_WAKE(i, f)
#if NT == 2
#define WAKE_ONE(f, none) if PICK(0, f) PICK(1, f) :: else -> none fi
#elif NT == 3
#define WAKE_ONE(f, none) if PICK(0, f) PICK(1, f) PICK(2, f) :: else -> none fi
#else
#define WAKE_ONE(f, none) if PICK(0, f) PICK(1, f) PICK(2, f) PICK(3, f) :: else -> none fi
#endif

/* FUTEX_WAKE(f, n); cnt := number woken. */
inline futex_wake(f, n, cnt)
{
	atomic {
		cnt = 0;
		do
		:: cnt >= n -> break
		:: else -> WAKE_ONE(f, break); cnt++
		od
	}
}

/* FUTEX_CMP_REQUEUE(f, val, nwake, all others -> f2); r := woken + moved,
 * or EAGAIN (as a positive code; callers test r == EAGAIN). */
inline futex_cmp_requeue(f, word, val, nwake, f2, r)
{
	atomic {
		if
		:: word != val -> r = EAGAIN
		:: else ->
			r = 0;
			do
			:: r >= nwake -> break
			:: else -> WAKE_ONE(f, break); r++
			od;
			rq_i = 0;
			do
			:: rq_i < NT ->
				if
				:: fq[rq_i] == f -> fq[rq_i] = f2; ON_REQUEUE(rq_i, f); r++
				:: else -> skip
				fi;
				rq_i++
			:: else -> break
			od;
			rq_i = 0
		fi
	}
}

#endif
