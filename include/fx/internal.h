/* fxpthread's own view of the objects.  Each struct occupies the memory of
 * the glibc type of the same name (sizes checked in interpose/abi_check.c);
 * all-zero memory is the default object, and glibc's static initializers
 * are read as documented in docs/layout.md. */
#ifndef FX_INTERNAL_H
#define FX_INTERNAL_H

#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "fx/atomic.h"

#define FX_HIDDEN __attribute__((visibility("hidden")))
#define FX_NOINLINE __attribute__((noinline))
#define FX_COLD __attribute__((noinline, cold))

/* ---------------------------------------------------------------- mutex */

/* Layout (docs/layout.md#mutex); offsets match glibc's fields of the same
 * role so glibc's initializers land where we look for them. */
typedef struct fx_mutex {
	uint32_t lock;	/*  0: state word, docs/mutex.md */
	uint32_t count; /*  4: recursion depth beyond the first lock */
	uint32_t owner; /*  8: owner TID (errorcheck/recursive/robust/PI) */
	uint32_t state; /* 12: robust consistency (FX_ROBUST_*) */
	uint32_t kind;	/* 16: FX_MUTEX_* type and flags; glibc's __kind */
	uint16_t spins; /* 20: learned spin budget + 1 (0: not learned) */
	uint16_t spared; /* 22: owner-only count of releases that woke nobody */
	struct fx_mutex_node {	 /* 24: robust list links */
		void *prev;	 /* 24 */
		void *next;	 /* 32: what the kernel walks */
	} node;
} fx_mutex_t;

/* kind: bits 0-1 the POSIX type, then flags.  The type values and the
 * flag positions are glibc's, so PTHREAD_*_MUTEX_INITIALIZER_NP work. */
#define FX_MUTEX_NORMAL 0u
#define FX_MUTEX_RECURSIVE 1u
#define FX_MUTEX_ERRORCHECK 2u
#define FX_MUTEX_ADAPTIVE 3u
#define FX_MUTEX_TYPE_MASK 3u
#define FX_MUTEX_ROBUST 16u
#define FX_MUTEX_PI 32u
#define FX_MUTEX_PP 64u
#define FX_MUTEX_PSHARED 128u
#define FX_MUTEX_CEILING_SHIFT 19u
#define FX_MUTEX_CEILING_MASK (0xfffu << FX_MUTEX_CEILING_SHIFT)
/* Kinds whose word is TID-owned (docs/mutex.md#tid-owned). */
#define FX_MUTEX_TID_OWNED (FX_MUTEX_ROBUST | FX_MUTEX_PI)
/* Anything but these bits forces the general path. */
#define FX_MUTEX_FAST_MASK (~(FX_MUTEX_PSHARED | FX_MUTEX_ADAPTIVE))

/* 0/1/2 word (docs/mutex.md#word-012), with the hand-off states of a
 * mutex whose sleeper has waited too long (docs/mutex.md#handoff). */
#define FX_UNLOCKED 0u
#define FX_LOCKED 1u
#define FX_CONTENDED 2u
#define FX_HANDED 3u	       /* held, reserved for a thread woken from the queue */
#define FX_HANDOFF_REQ 4u      /* with FX_CONTENDED: a sleeper asks for hand-off */
#define FX_CONTENDED_STARVING (FX_CONTENDED | FX_HANDOFF_REQ)
/* Private words only, with any of the above: threads are parked in the
 * process's table for this mutex (docs/mutex.md#parking). */
#define FX_PARKED 8u
/* With PARKED: a parked thread has been woken and has not looked yet;
 * releases leave the others parked until it has (docs/mutex.md#parking).
 * Bits 8-31 then hold the process's fork generation: a WOKEN inherited by
 * a fork child names a thread the child does not have, and is ignored. */
#define FX_WOKEN 16u
#define FX_WOKEN_GEN_SHIFT 8
#define FX_WOKEN_MASK (FX_WOKEN | (~0u << FX_WOKEN_GEN_SHIFT))
/* Nobody holds the word (0, or parking marks alone). */
#define FX_WORD_FREE(v) (((v) & (FX_LOCKED | FX_CONTENDED)) == 0)

/* Take a free word *v as held, keeping its parking marks except `clear`
 * (a woken parker's own WOKEN).  0 if *v was not free or the CAS failed
 * (*v then holds the word's value). */
static inline int fx_word012_take(uint32_t *w, uint32_t *v, uint32_t clear)
{
	return FX_WORD_FREE(*v) &&
	       fx_cas_acquire(w, v, (*v | FX_LOCKED) & ~clear);
}

/* Take the word while it is free, starting from the value v a failed
 * CAS returned: 1 once taken, 0 when it is held. */
static inline int fx_word012_take_free(uint32_t *w, uint32_t v)
{
	while (FX_WORD_FREE(v))
		if (fx_word012_take(w, &v, 0))
			return 1;
	return 0;
}

/* A value the 0/1/2 word can hold: the hand-off states of the kernel
 * queue (process-shared words), or 0/1/2 with parking marks (private). */
static inline int fx_word012_valid(uint32_t v)
{
	uint32_t base = v & ~(FX_PARKED | FX_WOKEN_MASK);
	if ((v >> FX_WOKEN_GEN_SHIFT) && !(v & FX_WOKEN))
		return 0;
	if (base != v)
		return base <= FX_CONTENDED;
	return base <= FX_HANDED || base == FX_CONTENDED_STARVING;
}

/* state, robust mutexes only */
#define FX_ROBUST_CONSISTENT 0u
#define FX_ROBUST_INCONSISTENT 1u
#define FX_ROBUST_NOTRECOVERABLE 2u

/* mutexattr: a 32-bit word we define (attributes are only ever made by
 * pthread_mutexattr_init, which is ours). Same bit positions as kind. */
#define FX_MATTR_PROTO_SHIFT 5u /* 0 none, 1 inherit, 2 protect */

/* ----------------------------------------------------------------- cond */

typedef struct fx_cond {
	uint32_t seq;	  /*  0: futex word, bumped by every signal/broadcast */
	uint32_t waiters; /*  4: threads inside a wait (docs/cond.md) */
	uint32_t flags;	  /*  8: FX_COND_* from the condattr */
	uint32_t sleepers; /* 12: at least the threads queued on seq (C5) */
	fx_mutex_t *mutex; /* 16: mutex of the last waiter (private only) */
	uint32_t requeues; /* 24: broadcasts that requeued onto the mutex (C6) */
	uint16_t spins;	   /* 28: learned spin budget + 1, 0 unlearned (C8) */
	uint16_t pad1;	   /* 30 */
	uint64_t pad2[2];  /* 32..47 */
} fx_cond_t;

#define FX_COND_PSHARED 1u
#define FX_COND_MONOTONIC 2u /* condattr clock; 0 = CLOCK_REALTIME */
#define FX_COND_WAITERS_MASK 0x7fffffffu
#define FX_COND_DESTROYING 0x80000000u

/* --------------------------------------------------------------- rwlock */

typedef struct fx_rwlock {
	uint32_t state;	 /*  0: FX_RW_* bits + reader count; the futex word
			  *     for readers and writers (docs/rwlock.md) */
	uint32_t pad_w;	 /*  4 */
	uint32_t nwwait; /*  8: writers registered as waiting */
	uint32_t pad0[3]; /* 12..23 */
	uint32_t writer; /* 24: TID of the write owner (glibc's __cur_writer) */
	uint32_t pad1[5]; /* 28..47 */
	uint32_t flags;	 /* 48: kind (glibc's __flags) | FX_RW_PSHARED */
	uint32_t pad2;	 /* 52 */
} fx_rwlock_t;

#define FX_RW_WRLOCKED 0x80000000u
#define FX_RW_READERS_WAITING 0x40000000u
#define FX_RW_WRITERS_WAITING 0x20000000u
/* Set only while WRLOCKED, by a writer that gave up, so that the
 * holder's releasing CAS fails and re-reads nwwait (docs/rwlock.md
 * #writer-left); that CAS clears it. */
#define FX_RW_WRITER_LEFT 0x10000000u
#define FX_RW_COUNT_MASK 0x0fffffffu
#define FX_RW_MAX_READERS FX_RW_COUNT_MASK
#define FX_RW_KIND_MASK 0xffu
/* FUTEX_WAIT_BITSET classes on `state`: a wake picks readers or writers. */
#define FX_RW_WAKE_READERS 1u
#define FX_RW_WAKE_WRITERS 2u
#define FX_RW_PSHARED 0x100u

/* -------------------------------------------------------------- barrier */

typedef struct fx_barrier {
	uint32_t lock;	  /*  0: 0/1/2 word guarding arrived/seq */
	uint32_t count;	  /*  4: threshold */
	uint32_t arrived; /*  8: arrivals in the current round */
	uint32_t seq;	  /* 12: round number, futex word */
	uint32_t leaving; /* 16: woken threads not yet out of wait */
	uint32_t flags;	  /* 20: FX_BARRIER_PSHARED */
	uint16_t spins;	  /* 24: learned spin budget + 1 (0: not learned) */
	uint16_t pad16;	  /* 26 */
	uint32_t sleepers; /* 28: threads of this round that may sleep (B3) */
} fx_barrier_t;

#define FX_BARRIER_PSHARED 1u

/* ---------------------------------------------------------- per thread */

struct fx_robust_head {
	void *list; /* struct robust_list_head, see set_robust_list(2) */
	long futex_offset;
	void *list_op_pending;
};

struct fx_thread {
	pid_t tid;		 /* 0 until first use; reset in fork child */
	int robust_registered;	 /* set_robust_list done for this thread */
	struct fx_robust_head robust;
	int pp_depth;		 /* PRIO_PROTECT mutexes held */
	int pp_saved_policy;	 /* scheduling before the first of them */
	int pp_saved_prio;
	int pp_boosted;		 /* priority currently set by us, or 0 */
	uint8_t pp_held[100];	 /* PP mutexes held, per ceiling 0..99 */
	long long park_turn;	 /* when a mutex was last handed to us */
	unsigned cond_spins;	 /* condvar waits that spun (docs/cond.md#spin) */
	int cond_crowded;	 /* preempted since the last look: no spinning */
	long cond_nivcsw;	 /* involuntary context switches at that look */
};

extern __thread struct fx_thread fx_self_tls
	__attribute__((tls_model("initial-exec"))) FX_HIDDEN;

FX_HIDDEN pid_t fx_tid_slow(void);
static inline pid_t fx_tid(void)
{
	pid_t t = fx_self_tls.tid;
	if (fx_unlikely(t == 0))
		t = fx_tid_slow();
	return t;
}

/* Tunables, read once from the environment at load (docs/tuning.md). */
struct fx_config {
	int spin;	   /* bounded spin before parking, iterations: adaptive
			    * mutexes (x2), barriers (x40), internal locks,
			    * the condvar's re-acquire look */
	int mutex_spin;	   /* the same for every other 0/1/2 mutex */
	int ncpu;
	long handoff_ns;   /* a mutex waiter waiting longer is handed the mutex */
	int bcast_wake;	   /* waiters a requeueing broadcast wakes (>= 1) */
};
extern struct fx_config fx_config FX_HIDDEN;

/* ------------------------------------------------------ learned spinning */

/* A spin budget that follows what spinning achieves on this object: it
 * doubles (up to `max`) when a spin ended in success and halves when the
 * thread had to sleep anyway, so on an oversubscribed machine, where the
 * thread we wait for is not running, spinning fades out by itself.  The
 * field is a hint: racy updates are harmless. */
static inline int fx_spin_budget_of(const uint16_t *field, int max)
{
	int b = fx_load_relaxed(field);
	return b ? (b - 1 < max ? b - 1 : max) : max;
}
static inline void fx_spin_learn(uint16_t *field, int used, int max,
				 int success)
{
	int b = success ? used * 2 + 8 : used / 2;
	if (b > max)
		b = max;
	if (b > 65534)
		b = 65534;
	if (fx_load_relaxed(field) != b + 1)
		fx_store_relaxed(field, (uint16_t)(b + 1));
}

/* Spin up to `budget` pauses while *w still holds v (a barrier's round,
 * a condvar's sequence).  1 when it moved; the acquire load makes what
 * its writer published visible. */
static inline int fx_spin_while_equal(const uint32_t *w, uint32_t v,
				      int budget)
{
	for (int i = 0; i < budget; i++) {
		if (fx_load_acquire(w) != v)
			return 1;
		fx_cpu_relax();
	}
	return 0;
}

/* --------------------------------------------------------------- time */

/* 0 if ts is a valid absolute time, EINVAL otherwise. */
static inline int fx_timespec_invalid(const struct timespec *ts)
{
	return (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L) ? 22 /*EINVAL*/ : 0;
}
static inline int fx_clock_supported(clockid_t c)
{
	return c == CLOCK_REALTIME || c == CLOCK_MONOTONIC;
}

/* A deadline checked before a thread blocks (POSIX checks it only when
 * the object is not free at once): EINVAL for a bad tv_nsec or clock,
 * ETIMEDOUT for a negative tv_sec (the kernel would answer EINVAL), 0
 * otherwise or without a deadline. */
static inline int fx_deadline_check(clockid_t clock, const struct timespec *abs)
{
	if (!abs)
		return 0;
	if (fx_timespec_invalid(abs) || !fx_clock_supported(clock))
		return 22; /* EINVAL */
	return abs->tv_sec < 0 ? 110 /* ETIMEDOUT */ : 0;
}

/* The clock's time in nanoseconds. */
static inline long long fx_now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ------------------------------------------------------------ runtime */

FX_HIDDEN int fx_mutex_init(fx_mutex_t *m, const uint32_t *attr);
FX_HIDDEN int fx_mutex_destroy(fx_mutex_t *m);
FX_HIDDEN int fx_mutex_lock_slow(fx_mutex_t *m, clockid_t clock,
				 const struct timespec *abs, int try);
FX_HIDDEN int fx_mutex_lock_tid(fx_mutex_t *m, uint32_t kind, clockid_t clock,
				const struct timespec *abs, int try);
FX_HIDDEN int fx_mutex_unlock_tid(fx_mutex_t *m, uint32_t kind);
FX_HIDDEN int fx_mutex_lock_tid_fast(fx_mutex_t *m, uint32_t kind, int try);
FX_HIDDEN int fx_mutex_unlock_tid_fast(fx_mutex_t *m, uint32_t kind);
FX_HIDDEN int fx_mutex_lock_owned(fx_mutex_t *m, uint32_t kind, int try);
FX_HIDDEN int fx_mutex_unlock_owned(fx_mutex_t *m, uint32_t kind);
FX_HIDDEN int fx_mutex_unlock_slow(fx_mutex_t *m);
FX_HIDDEN int fx_mutex_lock_012_wait(fx_mutex_t *m, clockid_t clock,
				     const struct timespec *abs, int spin);
FX_HIDDEN int fx_mutex_consistent(fx_mutex_t *m);
FX_HIDDEN int fx_mutex_getprioceiling(const fx_mutex_t *m, int *ceiling);
FX_HIDDEN int fx_mutex_setprioceiling(fx_mutex_t *m, int ceiling, int *old);
FX_HIDDEN void fx_robust_register(void);
FX_HIDDEN int fx_mutex_pi_adopt(fx_mutex_t *m);
FX_HIDDEN void fx_mutex_robust_pending(fx_mutex_t *m);
FX_HIDDEN void fx_mutex_robust_pending_clear(void);

/* Parking of private 0/1/2 words (runtime/mutex/park.c,
 * docs/mutex.md#parking), and trylock of a free word with parking marks. */
FX_HIDDEN int fx_mutex_park_lock(fx_mutex_t *m, clockid_t clock,
				 const struct timespec *abs);
FX_HIDDEN void fx_mutex_park_release(fx_mutex_t *m, uint32_t v);
FX_HIDDEN int fx_mutex_trylock_free(fx_mutex_t *m, uint32_t v);
FX_HIDDEN int fx_mutex_lock_busy(fx_mutex_t *m, uint32_t kind, uint32_t v);

/* Release a mutex for a condvar wait and take it back afterwards; the
 * saved recursion depth travels in *depth (docs/cond.md#mutex-handoff). */
FX_HIDDEN int fx_mutex_cond_release(fx_mutex_t *m, uint32_t *depth);
FX_HIDDEN int fx_mutex_cond_reacquire(fx_mutex_t *m, uint32_t depth,
				      int requeued);

FX_HIDDEN int fx_cond_init(fx_cond_t *c, const uint32_t *attr);
FX_HIDDEN int fx_cond_destroy(fx_cond_t *c);
FX_HIDDEN int fx_cond_signal(fx_cond_t *c);
FX_HIDDEN int fx_cond_broadcast(fx_cond_t *c);
/* clock < 0: the condattr clock. */
FX_HIDDEN int fx_cond_wait(fx_cond_t *c, fx_mutex_t *m, clockid_t clock,
			   const struct timespec *abs);

FX_HIDDEN int fx_rwlock_init(fx_rwlock_t *rw, const uint64_t *attr);
FX_HIDDEN int fx_rwlock_destroy(fx_rwlock_t *rw);
FX_HIDDEN int fx_rwlock_rdlock_slow(fx_rwlock_t *rw, clockid_t clock,
				    const struct timespec *abs, int try);
FX_HIDDEN int fx_rwlock_wrlock_slow(fx_rwlock_t *rw, clockid_t clock,
				    const struct timespec *abs, int try);
FX_HIDDEN int fx_rwlock_unlock_slow(fx_rwlock_t *rw, uint32_t old);
FX_HIDDEN int fx_rwlock_rdlock_backout(fx_rwlock_t *rw, uint32_t s);

FX_HIDDEN int fx_barrier_init(fx_barrier_t *b, const uint32_t *attr,
			      unsigned count);
FX_HIDDEN int fx_barrier_destroy(fx_barrier_t *b);
FX_HIDDEN int fx_barrier_wait(fx_barrier_t *b);

/* Internal 0/1/2 lock used by objects that need a short critical section
 * (the barrier). */
FX_HIDDEN void fx_mutex_release012_slow(uint32_t *w, uint32_t v, int shared);
FX_HIDDEN void fx_lock012(uint32_t *w, int shared);
FX_HIDDEN void fx_unlock012(uint32_t *w, int shared);

#endif
