/* libfxpthread-diag internals.  docs/diagnostics.md is the user manual;
 * this header is the map of the library.
 *
 * The library is preloaded in front of libfxpthread.  Every exported lock
 * entry point (wrap_*.c) starts with
 *
 *     if (fx_likely(!diag_features)) return diag_next.NAME(args);
 *
 * so with no feature enabled a call costs one load, one branch and one
 * indirect jump into the core (next.c resolves the core's definitions).
 * The names only FXPTHREAD_CHECK looks at (barriers, spin locks, the
 * attribute accessors: wrap_barrier.c, wrap_spin.c, wrap_attr.c) test
 * the DIAG_CHECK bit instead and go to check_*.c.  With a feature on, a
 * lock call goes through track.c, which keeps
 *
 *   - a table of lock records keyed by object address (table.c): fixed
 *     size, open addressing, mmap-ed once, never freed, so no lock path
 *     ever allocates;
 *   - one record per thread (thread.c) holding the stack of locks the
 *     thread holds, what it is blocked on, and its counters;
 *   - a table of interned backtraces (stack.c), symbolized only when a
 *     report is written;
 *   - the lock-order graph (lockdep.c), the misuse checks (check*.c) and
 *     the reports (report.c).
 *
 * Rules every file keeps:
 *   D1  Diagnostics never call a wrapped name.  Code that may reach one
 *       anyway (libunwind takes its own pthread mutexes) runs with
 *       diag_tls.in_diag set, and a wrapper entered with it set goes
 *       straight to the core.
 *   D2  Internal locks are diag_lock_t (a futex word, never a pthread
 *       object) and are reset in the child of fork().
 *   D3  Nothing waits on a record another thread may have abandoned (a
 *       thread that died, or did not survive fork()): every such wait is
 *       bounded.
 */
#ifndef FX_DIAG_H
#define FX_DIAG_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "fx/atomic.h"

#define DIAG_HIDDEN __attribute__((visibility("hidden")))
#define DIAG_EXPORT __attribute__((visibility("default")))
#define DIAG_NOINLINE __attribute__((noinline))

/* ------------------------------------------------------------ features */

#define DIAG_PROFILE 1u /* FXPTHREAD_PROFILE */
#define DIAG_LOCKDEP 2u /* FXPTHREAD_LOCKDEP */
#define DIAG_CHECK 4u	/* FXPTHREAD_CHECK */
#define DIAG_PROBES 8u	/* FXPTHREAD_PROBES: observe only, for USDT */

/* Zero until the constructor has read the environment; read on every
 * wrapped call, written once (and in a fork child never changed). */
extern unsigned diag_features DIAG_HIDDEN;

enum diag_format { DIAG_FMT_TEXT, DIAG_FMT_JSON, DIAG_FMT_CSV };

struct diag_config {
	int top;		  /* FXPTHREAD_PROFILE_TOP */
	enum diag_format format;  /* FXPTHREAD_PROFILE_FORMAT */
	const char *file;	  /* FXPTHREAD_PROFILE_FILE, or 0: stderr */
	const char *folded;	  /* FXPTHREAD_PROFILE_FOLDED, or 0 */
	long watchdog_ms;	  /* FXPTHREAD_LOCKDEP_TIMEOUT_MS */
	int lockdep_abort;	  /* FXPTHREAD_LOCKDEP_ABORT */
	uint64_t hold_mask;	  /* FXPTHREAD_PROFILE_HOLD_SAMPLE - 1 */
	uint32_t nlocks;	  /* FXPTHREAD_DIAG_LOCKS, power of two */
	pid_t pid0;		  /* the process that loaded us (not a child) */
	uint64_t start_ns;	  /* when profiling started */
};
extern struct diag_config diag_config DIAG_HIDDEN;

/* ------------------------------------------------------------- the core */

#include "next.h"

/* --------------------------------------------------------------- locks */

enum diag_kind { DIAG_MUTEX = 1, DIAG_RWLOCK = 2, DIAG_COND = 3 };
enum diag_mode { DIAG_WRITE = 0, DIAG_READ = 1 };

/* A record's life as the checks see it. */
enum diag_state {
	DIAG_SEEN = 0,	    /* first met in use (static initializer) */
	DIAG_INITED = 1,    /* passed to *_init */
	DIAG_DESTROYED = 2, /* passed to *_destroy, not reinitialized */
};

/* One contended call site of a lock: an interned backtrace, how often
 * acquisitions from it had to wait, and for how long in total. */
struct diag_site {
	uint32_t stack; /* 0: free slot (claimed by CAS) */
	uint32_t pad;
	uint64_t count;
	uint64_t wait; /* ticks */
};
#define DIAG_SITES 6

/* The per-object record.  Counters of a mutex (and of a write-locked
 * rwlock) are updated by the thread that holds the lock, after acquiring
 * and before releasing it, so the lock itself serializes them (relaxed
 * loads and stores, no read-modify-write); counters of read locks and
 * condvars are updated with atomic adds. */
struct diag_lock {
	uintptr_t key;	/* object address; 0 empty; DIAG_KEY_RETIRED */
	uintptr_t addr; /* object address, kept when retired */
	uint8_t kind;	/* enum diag_kind */
	uint8_t state;	/* enum diag_state */
	uint8_t pad0[2];
	uint32_t first_stack; /* where the object was first used */
	uint32_t gen;	      /* bumped by destroy: lock-order identity */
	pid_t owner;	      /* exclusive holder (check, lockdep), or 0 */

	uint64_t acquisitions;
	uint64_t contended; /* acquisitions whose trylock failed first */
	uint64_t wait_total;
	uint64_t wait_max;
	uint64_t hold_count; /* holds timed (see acquired() in track.c) */
	uint64_t hold_total;
	uint64_t hold_max;
	uint64_t timeouts;
	uint64_t signals;    /* cond */
	uint64_t broadcasts; /* cond */
	uint64_t other_count; /* contended waits from sites beyond DIAG_SITES */
	uint64_t other_wait;
	struct diag_site sites[DIAG_SITES];

	/* condvar checks, under cond_lock */
	uint32_t cond_lock;
	uint32_t cond_inside;  /* threads inside a wait */
	uint32_t cond_unwoken; /* of those, not yet signalled */
	const void *cond_mutex; /* mutex of the current waiters */

	/* lockdep: first outgoing edge (index + 1) and DFS marks */
	uint32_t first_out;
	uint32_t dfs_mark[2];
};
#define DIAG_KEY_RETIRED ((uintptr_t)1)

DIAG_HIDDEN int diag_table_init(uint32_t capacity);
extern struct diag_lock *diag_table DIAG_HIDDEN;
extern uint32_t diag_table_mask DIAG_HIDDEN;

static inline uint32_t diag_slot_of(uintptr_t key)
{
	return (uint32_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> 32) &
	       diag_table_mask;
}

/* The common case of diag_lock_get, inline: the record sits in its home
 * slot.  0 means "ask diag_lock_get". */
static inline struct diag_lock *diag_lock_home(const void *obj,
					       enum diag_kind kind)
{
	struct diag_lock *l = &diag_table[diag_slot_of((uintptr_t)obj)];
	if (fx_likely(fx_load_acquire(&l->key) == (uintptr_t)obj &&
		      fx_load_relaxed(&l->kind) == kind))
		return l;
	return 0;
}
/* The live record of obj, created if absent (*created set); 0 when the
 * table is full. */
DIAG_HIDDEN struct diag_lock *diag_lock_get(const void *obj,
					    enum diag_kind kind, int *created);
/* The live record of obj, or 0. */
DIAG_HIDDEN struct diag_lock *diag_lock_find(const void *obj);
/* Keep the statistics of a destroyed object as a separate record and
 * clear the live one. */
DIAG_HIDDEN void diag_lock_retire(struct diag_lock *l);
DIAG_HIDDEN void diag_lock_reset_stats(struct diag_lock *l);
DIAG_HIDDEN uint32_t diag_lock_index(const struct diag_lock *l);
DIAG_HIDDEN struct diag_lock *diag_lock_at(uint32_t index);
DIAG_HIDDEN uint32_t diag_table_capacity(void);
/* Indices + 1 of the records in use (*n of them; an entry may be 0). */
DIAG_HIDDEN const uint32_t *diag_table_used(uint32_t *n);
DIAG_HIDDEN void diag_table_reset_counters(void);
extern uint64_t diag_untracked DIAG_HIDDEN; /* objects the table missed */
extern uint64_t diag_retired_lost DIAG_HIDDEN;
/* Destroyed objects that were never waited on. */
struct diag_quiet {
	uint64_t objects, acquisitions;
};
extern struct diag_quiet diag_quiet DIAG_HIDDEN;

DIAG_HIDDEN const char *diag_kind_name(enum diag_kind k);

/* ------------------------------------------------------------- threads */

struct diag_held {
	struct diag_lock *lock; /* may be 0: object not in the table */
	const void *obj;
	uint64_t since; /* acquisition time in ticks (profile), or 0 */
	uintptr_t site;	   /* return address of the locking call */
	uint8_t mode;	   /* enum diag_mode */
	uint8_t kind;
};
#define DIAG_MAX_HELD 48
#define DIAG_MAX_SPINS 8 /* spin locks held at once, as FXPTHREAD_CHECK sees */

struct diag_thread {
	pid_t tid; /* 0: free record */
	uint32_t nheld;
	uint32_t dropped; /* pushes beyond DIAG_MAX_HELD */
	int complete;	  /* held[] has seen every lock since birth */
	/* What the thread is blocked on (lockdep watchdog), written by the
	 * thread itself, read by others. */
	struct diag_lock *waiting_for;
	const void *waiting_obj;
	uint8_t waiting_mode;
	uint8_t waiting_kind;
	uint32_t wait_stack;
	uint64_t wait_serial;
	/* per-thread counters, folded into diag_totals at thread exit */
	uint64_t acquisitions, contended, wait;
	/* FXPTHREAD_CHECK only, written by the thread itself, read by
	 * others: the condvar or barrier it is blocked in (0: none), and
	 * the spin locks it holds (beyond DIAG_MAX_SPINS: not recorded). */
	const void *inside;
	uint32_t nspins;
	const void *spins[DIAG_MAX_SPINS];
	struct diag_held held[DIAG_MAX_HELD];
};

struct diag_totals {
	uint64_t threads, acquisitions, contended, wait;
};
extern struct diag_totals diag_exited DIAG_HIDDEN;

struct diag_tls {
	struct diag_thread *rec; /* 0 until first tracked call */
	pid_t tid;
	int in_diag;   /* D1 */
	int untracked; /* no record could be had */
};
extern __thread struct diag_tls diag_tls
	__attribute__((tls_model("initial-exec"))) DIAG_HIDDEN;

/* The calling thread's record, or 0 when its calls must go straight to
 * the core: inside diagnostics' own code (D1), or no record available. */
DIAG_HIDDEN struct diag_thread *diag_thread_slow(void);
static inline struct diag_thread *diag_self(void)
{
	if (fx_unlikely(diag_tls.in_diag))
		return 0;
	struct diag_thread *t = diag_tls.rec;
	if (fx_unlikely(!t))
		t = diag_thread_slow();
	return t;
}
DIAG_HIDDEN pid_t diag_gettid(void);
DIAG_HIDDEN int diag_threads_init(void);
DIAG_HIDDEN uint32_t diag_thread_count(void);
DIAG_HIDDEN struct diag_thread *diag_thread_at(uint32_t i);
DIAG_HIDDEN void diag_threads_after_fork_child(void);
/* Another live thread than `self` (free records and the threads a fork
 * child lost are not live) that, by its own record, holds obj of this
 * kind (*mode: how), is blocked in obj (a condvar or barrier), or holds
 * the spin lock obj: its TID, or 0. */
DIAG_HIDDEN pid_t diag_other_holder(const struct diag_thread *self,
				    const void *obj, enum diag_kind kind,
				    enum diag_mode *mode);
DIAG_HIDDEN pid_t diag_other_inside(const struct diag_thread *self,
				    const void *obj);
DIAG_HIDDEN pid_t diag_other_spin_holder(const struct diag_thread *self,
					 const void *obj);

DIAG_HIDDEN void diag_held_overflow(struct diag_thread *t);
static inline void diag_held_push(struct diag_thread *t, struct diag_lock *l,
				  const void *obj, enum diag_kind kind,
				  enum diag_mode mode, uintptr_t site,
				  uint64_t now)
{
	uint32_t n = t->nheld;
	if (fx_unlikely(n == DIAG_MAX_HELD)) {
		diag_held_overflow(t);
		return;
	}
	struct diag_held *h = &t->held[n];
	h->lock = l;
	h->obj = obj;
	h->since = now;
	h->site = site;
	h->mode = (uint8_t)mode;
	h->kind = (uint8_t)kind;
	/* Publish the entry before the count (the watchdog reads both). */
	fx_store_release(&t->nheld, n + 1);
}
/* Remove the innermost entry for obj; returns 1 and a copy in *out, or 0
 * when the thread has no record of holding it. */
DIAG_HIDDEN int diag_held_pop_slow(struct diag_thread *t, const void *obj,
				   struct diag_held *out);
static inline int diag_held_pop(struct diag_thread *t, const void *obj,
				struct diag_held *out)
{
	uint32_t n = t->nheld;
	if (fx_likely(n && t->held[n - 1].obj == obj)) {
		*out = t->held[n - 1];
		fx_store_release(&t->nheld, n - 1);
		return 1;
	}
	return diag_held_pop_slow(t, obj, out);
}
DIAG_HIDDEN int diag_held_find(const struct diag_thread *t, const void *obj);

/* -------------------------------------------------------------- stacks */

#define DIAG_MAX_FRAMES 32

DIAG_HIDDEN int diag_stacks_init(void);
/* Capture the caller's backtrace without diagnostics' own frames and
 * intern it; returns its id (0 if the table is full). */
DIAG_HIDDEN uint32_t diag_stack_capture(void);
/* Frames of an interned stack, innermost first. */
DIAG_HIDDEN int diag_stack_frames(uint32_t id, const uintptr_t **pcs);
/* "function+0xoff (object)" for a return address. */
DIAG_HIDDEN void diag_symbolize(uintptr_t pc, char *buf, size_t len,
				int with_offset);

/* --------------------------------------------------------------- output */

struct diag_out {
	int fd;
	size_t len;
	char buf[4096];
};
DIAG_HIDDEN void diag_out_init(struct diag_out *o, int fd);
DIAG_HIDDEN void diag_printf(struct diag_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
DIAG_HIDDEN void diag_flush(struct diag_out *o);
/* One frame per line, "    #i function+0xoff (object)". */
DIAG_HIDDEN void diag_print_stack(struct diag_out *o, uint32_t id,
				  const char *indent);
DIAG_HIDDEN void diag_print_duration(struct diag_out *o, uint64_t ns);

/* Serializes whole reports (profile, inversion, deadlock, check). */
DIAG_HIDDEN void diag_report_begin(void);
DIAG_HIDDEN void diag_report_end(void);
DIAG_HIDDEN void diag_report_after_fork_child(void);
DIAG_HIDDEN void diag_profile_report(int fd, enum diag_format fmt);
DIAG_HIDDEN void diag_profile_at_exit(void);
DIAG_HIDDEN void diag_folded_write(int fd);

/* -------------------------------------------------------- internal lock */

typedef uint32_t diag_lock_t; /* 0/1/2 futex word (fx/futex.h) */
DIAG_HIDDEN void diag_lock(diag_lock_t *l);
DIAG_HIDDEN void diag_unlock(diag_lock_t *l);
DIAG_HIDDEN void *diag_map(size_t bytes);

/* Durations are kept in ticks of the CPU's cheapest constant-rate
 * counter (arch/<cpu>/diag_clock.h: the TSC on x86_64, a vDSO call costs
 * twice as much) and converted when read. */
#include "diag_clock.h"
DIAG_HIDDEN void diag_clock_init(void);
DIAG_HIDDEN uint64_t diag_ticks_to_ns(uint64_t ticks);

static inline uint64_t diag_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------------- lockdep */

DIAG_HIDDEN int diag_lockdep_init(void);
/* Called before a blocking acquisition of l by t. */
DIAG_HIDDEN void diag_lockdep_acquire(struct diag_thread *t,
				      struct diag_lock *l, const void *obj,
				      enum diag_mode mode);
DIAG_HIDDEN void diag_lockdep_prepare_fork(void);
DIAG_HIDDEN void diag_lockdep_parent_fork(void);
DIAG_HIDDEN void diag_lockdep_after_fork_child(void);
DIAG_HIDDEN uint64_t diag_lockdep_inversions(void);
/* The calling thread has been blocked on what its record names for
 * longer than the watchdog threshold: look for a waits-for cycle. */
DIAG_HIDDEN void diag_watchdog_check(struct diag_thread *self);

/* --------------------------------------------------------------- check */

/* Validate obj before a call; aborts with a message on misuse. */
DIAG_HIDDEN void diag_check_use(const char *fn, struct diag_lock *l,
				const void *obj, enum diag_kind kind);
DIAG_HIDDEN void diag_check_mutex_unlock(const char *fn, struct diag_thread *t,
					 struct diag_lock *l, const void *obj);
DIAG_HIDDEN void diag_check_rwlock_unlock(const char *fn, struct diag_thread *t,
					  struct diag_lock *l, const void *obj);
DIAG_HIDDEN void diag_check_destroy(const char *fn, struct diag_lock *l,
				    const void *obj, enum diag_kind kind);
DIAG_HIDDEN void diag_check_cond_enter(const char *fn, struct diag_thread *t,
				       struct diag_lock *c, const void *cond,
				       struct diag_lock *m, const void *mutex);
DIAG_HIDDEN void diag_check_cond_leave(struct diag_lock *c);
DIAG_HIDDEN void diag_check_cond_wake(struct diag_lock *c, int all);
DIAG_HIDDEN void diag_check_destroyed(struct diag_lock *l, void *obj,
				      enum diag_kind kind);
/* Before *_init of obj (mtx_init and cnd_init included): attr, if any,
 * must have been initialized, and no other thread may hold obj or be
 * blocked in it. */
DIAG_HIDDEN void diag_check_init(const char *fn, const void *obj,
				 const void *attr, enum diag_kind kind);
/* Attribute objects (check_attr.c): attr must hold a state its *_init and
 * setters produce. */
enum diag_attr {
	DIAG_ATTR_MUTEX,
	DIAG_ATTR_COND,
	DIAG_ATTR_RWLOCK,
	DIAG_ATTR_BARRIER,
};
DIAG_HIDDEN void diag_check_attr(const char *fn, const void *attr,
				 enum diag_attr kind);
DIAG_HIDDEN __attribute__((noreturn, format(printf, 4, 5))) void
diag_fatal(const char *fn, struct diag_lock *l, const void *obj,
	   const char *fmt, ...);

/* ----------------------------------------------------------- tracking */
/* track.c: the slow paths the wrappers call when a feature is on.  Each
 * returns the core's answer unchanged (an errno value). */

DIAG_HIDDEN int diag_mutex_init(pthread_mutex_t *m,
				const pthread_mutexattr_t *a);
DIAG_HIDDEN void diag_mutex_inited(pthread_mutex_t *m);
DIAG_HIDDEN int diag_mutex_destroy(const char *fn, pthread_mutex_t *m);
/* how: DIAG_BLOCK, DIAG_TRY, or DIAG_TIMED with clock and abs */
enum diag_how { DIAG_BLOCK, DIAG_TRY, DIAG_TIMED };
DIAG_HIDDEN int diag_mutex_lock(const char *fn, pthread_mutex_t *m,
				enum diag_how how, clockid_t clock,
				const struct timespec *abs, uintptr_t site);
DIAG_HIDDEN int diag_mutex_unlock(const char *fn, pthread_mutex_t *m);

DIAG_HIDDEN int diag_rwlock_init(pthread_rwlock_t *rw,
				 const pthread_rwlockattr_t *a);
DIAG_HIDDEN int diag_rwlock_destroy(pthread_rwlock_t *rw);
DIAG_HIDDEN int diag_rwlock_lock(const char *fn, pthread_rwlock_t *rw,
				 enum diag_mode mode, enum diag_how how,
				 clockid_t clock, const struct timespec *abs,
				 uintptr_t site);
DIAG_HIDDEN int diag_rwlock_unlock(pthread_rwlock_t *rw);

DIAG_HIDDEN int diag_cond_init(pthread_cond_t *c, const pthread_condattr_t *a);
DIAG_HIDDEN void diag_cond_inited(pthread_cond_t *c);
DIAG_HIDDEN int diag_cond_destroy(const char *fn, pthread_cond_t *c);
DIAG_HIDDEN int diag_cond_wake(const char *fn, pthread_cond_t *c, int all);
/* clock < 0: the condattr's clock (pthread_cond_timedwait). */
DIAG_HIDDEN int diag_cond_wait(const char *fn, pthread_cond_t *c,
			       pthread_mutex_t *m, clockid_t clock,
			       const struct timespec *abs, uintptr_t site);

/* Barriers and spin locks, FXPTHREAD_CHECK only (check_barrier.c,
 * check_spin.c).  Each returns the core's answer unchanged. */
DIAG_HIDDEN int diag_barrier_init(pthread_barrier_t *b,
				  const pthread_barrierattr_t *a, unsigned n);
DIAG_HIDDEN int diag_barrier_destroy(pthread_barrier_t *b);
DIAG_HIDDEN int diag_barrier_wait(pthread_barrier_t *b);
DIAG_HIDDEN int diag_spin_init(pthread_spinlock_t *s, int pshared);
DIAG_HIDDEN int diag_spin_destroy(pthread_spinlock_t *s);
DIAG_HIDDEN int diag_spin_lock(pthread_spinlock_t *s, int try);
DIAG_HIDDEN int diag_spin_unlock(pthread_spinlock_t *s);

#endif
