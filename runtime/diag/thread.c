/* Per-thread records.
 *
 * A thread gets a record on its first observed call: a slot of a fixed
 * array (mapped once) claimed by CAS on `tid`.  The record is readable by
 * every thread (the deadlock watchdog walks them all) but written by its
 * owner only.  It is handed back by a thread-specific-data destructor at
 * thread exit, after its counters are folded into diag_exited.
 *
 * held[] is the stack of locks the thread holds, innermost last; an
 * unlock removes the innermost entry of its object, wherever it sits, so
 * out-of-order release works.  A push beyond DIAG_MAX_HELD is counted and
 * dropped, and the record stops claiming to be `complete`, which turns
 * off the checks that rely on knowing every lock held.
 *
 * Other threads read a record only after loading its `tid` (acquire): a
 * free record reads 0.  A thread empties its record (nheld, nspins,
 * inside) before it hands it back with a release store of 0, so whoever
 * sees the next owner's TID also sees the record empty, never the dead
 * thread's locks under the new TID.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "diag.h"

#define MAX_THREADS 4096

__thread struct diag_tls diag_tls __attribute__((tls_model("initial-exec")));

static struct diag_thread *threads;
static uint32_t nthreads; /* high-water mark of used slots */
static pthread_key_t exit_key;
struct diag_totals diag_exited;

pid_t diag_gettid(void)
{
	pid_t t = diag_tls.tid;
	if (fx_unlikely(!t)) {
		t = (pid_t)fx_raw_syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0);
		diag_tls.tid = t;
	}
	return t;
}

static void thread_exit(void *arg)
{
	struct diag_thread *t = arg;
	fx_fetch_add_seqcst(&diag_exited.threads, 1);
	fx_fetch_add_seqcst(&diag_exited.acquisitions, t->acquisitions);
	fx_fetch_add_seqcst(&diag_exited.contended, t->contended);
	fx_fetch_add_seqcst(&diag_exited.wait, t->wait);
	diag_tls.rec = 0;
	diag_tls.untracked = 1; /* destructors of other keys may still lock */
	fx_store_relaxed(&t->nheld, 0);
	fx_store_relaxed(&t->nspins, 0);
	fx_store_relaxed(&t->inside, 0);
	fx_store_release(&t->tid, 0);
}

int diag_threads_init(void)
{
	threads = diag_map(MAX_THREADS * sizeof *threads);
	if (!threads)
		return -1;
	/* pthread_key_create is glibc's, not one of ours (D1). */
	return pthread_key_create(&exit_key, thread_exit) ? -1 : 0;
}

static struct diag_thread *claim(pid_t tid)
{
	for (uint32_t i = 0; i < MAX_THREADS; i++) {
		struct diag_thread *t = &threads[i];
		pid_t free_tid = 0;
		if (fx_load_relaxed(&t->tid) == 0 &&
		    fx_cas_acquire(&t->tid, &free_tid, tid)) {
			uint32_t hw = fx_load_relaxed(&nthreads);
			while (hw < i + 1 &&
			       !fx_cas_seqcst(&nthreads, &hw, i + 1))
				;
			return t;
		}
	}
	return 0;
}

/* First observed call of this thread; 0 if the thread cannot be
 * observed (no free record, or it is exiting), and its calls go straight
 * to the core. */
struct diag_thread *diag_thread_slow(void)
{
	if (diag_tls.untracked || !threads)
		return 0;
	pid_t tid = diag_gettid();
	struct diag_thread *t = claim(tid);
	if (!t) {
		diag_tls.untracked = 1;
		return 0;
	}
	memset((char *)t + offsetof(struct diag_thread, nheld), 0,
	       offsetof(struct diag_thread, held) -
		       offsetof(struct diag_thread, nheld));
	/* Locks taken before this point went unobserved: only a thread
	 * whose first observed call is also its first lock call is known
	 * complete, which we assume of every thread but cannot prove. */
	t->complete = 1;
	diag_tls.rec = t;
	diag_tls.in_diag++;
	pthread_setspecific(exit_key, t);
	diag_tls.in_diag--;
	return t;
}

uint32_t diag_thread_count(void)
{
	return fx_load_acquire(&nthreads);
}

struct diag_thread *diag_thread_at(uint32_t i)
{
	return &threads[i];
}

/* Only the forking thread lives on in the child: every other record
 * describes a thread that does not exist there.  The forking thread keeps
 * its record and its held locks (POSIX: they stay locked), under its new
 * TID. */
void diag_threads_after_fork_child(void)
{
	struct diag_thread *self = diag_tls.rec;
	diag_tls.tid = 0;
	pid_t tid = diag_gettid();
	for (uint32_t i = 0; i < fx_load_relaxed(&nthreads); i++) {
		struct diag_thread *t = &threads[i];
		if (t == self)
			continue;
		if (t->tid) {
			t->nheld = t->nspins = 0;
			t->inside = 0;
			fx_store_relaxed(&t->tid, 0);
		}
	}
	if (self) {
		self->tid = tid;
		self->waiting_for = 0;
		self->acquisitions = self->contended = self->wait = 0;
		/* What it holds, it now holds under its new TID. */
		for (uint32_t i = 0; i < self->nheld; i++) {
			struct diag_lock *l = self->held[i].lock;
			if (l && self->held[i].mode == DIAG_WRITE && l->owner)
				l->owner = tid;
		}
	}
	memset(&diag_exited, 0, sizeof diag_exited);
}

/* The live records other than self: each is passed to match() with its
 * TID; the first that matches is the answer. */
static pid_t other_threads(const struct diag_thread *self,
			   int (*match)(const struct diag_thread *t,
					const void *obj, void *out),
			   const void *obj, void *out)
{
	uint32_t n = diag_thread_count();
	for (uint32_t i = 0; i < n; i++) {
		const struct diag_thread *t = &threads[i];
		pid_t tid = fx_load_acquire(&t->tid);
		if (tid && t != self && match(t, obj, out))
			return tid;
	}
	return 0;
}

struct held_query {
	enum diag_kind kind;
	enum diag_mode mode;
};

static int holds(const struct diag_thread *t, const void *obj, void *out)
{
	struct held_query *q = out;
	uint32_t n = fx_load_acquire(&t->nheld);
	if (n > DIAG_MAX_HELD)
		n = DIAG_MAX_HELD;
	for (uint32_t i = 0; i < n; i++) {
		const struct diag_held *h = &t->held[i];
		if (fx_load_relaxed(&h->obj) == obj && h->kind == q->kind) {
			q->mode = (enum diag_mode)h->mode;
			return 1;
		}
	}
	return 0;
}

pid_t diag_other_holder(const struct diag_thread *self, const void *obj,
			enum diag_kind kind, enum diag_mode *mode)
{
	struct held_query q = { .kind = kind, .mode = DIAG_WRITE };
	pid_t tid = other_threads(self, holds, obj, &q);
	*mode = q.mode;
	return tid;
}

static int is_inside(const struct diag_thread *t, const void *obj, void *out)
{
	return fx_load_acquire(&t->inside) == obj;
}

pid_t diag_other_inside(const struct diag_thread *self, const void *obj)
{
	return other_threads(self, is_inside, obj, 0);
}

static int holds_spin(const struct diag_thread *t, const void *obj, void *out)
{
	uint32_t n = fx_load_acquire(&t->nspins);
	if (n > DIAG_MAX_SPINS)
		n = DIAG_MAX_SPINS;
	for (uint32_t i = 0; i < n; i++)
		if (fx_load_relaxed(&t->spins[i]) == obj)
			return 1;
	return 0;
}

pid_t diag_other_spin_holder(const struct diag_thread *self, const void *obj)
{
	return other_threads(self, holds_spin, obj, 0);
}

void diag_held_overflow(struct diag_thread *t)
{
	t->dropped++;
	t->complete = 0;
}

int diag_held_find(const struct diag_thread *t, const void *obj)
{
	for (int i = (int)t->nheld - 1; i >= 0; i--)
		if (t->held[i].obj == obj)
			return i;
	return -1;
}

int diag_held_pop_slow(struct diag_thread *t, const void *obj,
		       struct diag_held *out)
{
	int i = diag_held_find(t, obj);
	if (i < 0) {
		if (t->dropped)
			t->dropped--; /* one of the dropped ones, probably */
		return 0;
	}
	*out = t->held[i];
	uint32_t n = t->nheld;
	memmove(&t->held[i], &t->held[i + 1],
		(n - (uint32_t)i - 1) * sizeof t->held[0]);
	fx_store_release(&t->nheld, n - 1);
	return 1;
}
