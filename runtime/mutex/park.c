/* Parking of contended private 0/1/2 mutexes (docs/mutex.md#parking).
 *
 * A locker that must wait does not sleep on the mutex word: it queues a
 * node on its own stack in a bucket of a process-wide table, keyed by the
 * mutex's address, marks the word PARKED and sleeps on the node's own
 * word.  The release that finds PARKED takes the first node of its mutex
 * off the bucket, frees the word (or hands it over) and wakes that one
 * thread.  Because the queue is exact, a release wakes only a thread that
 * has finished queueing, and a release after that finds no PARKED mark
 * and stays on the fast path: a sleeper costs one wait and one wake,
 * however fast the owner re-locks meanwhile.
 *
 * Who writes what:
 *   PARKED bit   set and cleared only with the bucket locked, and kept
 *                exact there: set iff the bucket holds a node of the
 *                mutex.  Everybody else preserves it (CAS).
 *   WOKEN bit    (with the fork generation in bits 8-31) set by a release
 *                that takes a node off while others stay queued; cleared
 *                by the woken thread's next CAS on the word (taking it or
 *                parking again).  While it is there, releases free the
 *                word without a wake.
 *   m->spared    the owner's count of such releases (PARK_LOOK_EVERY).
 *   node         written by its thread before queueing; after that only
 *                by the release that takes it off: under the bucket lock
 *                it unlinks it, then one FUTEX_WAKE_OP stores WOKEN or
 *                HANDED into `wait` and wakes the thread, which does not
 *                leave before it sees that store.
 *   bucket       under its lock (an internal 0/1/2 word).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include "fx/futex.h"
#include "fx/internal.h"

struct park_node {
	struct park_node *next;
	const fx_mutex_t *m;
	long long since; /* CLOCK_MONOTONIC ns when the lock call first queued */
	uint32_t wait;	 /* NODE_QUEUED until a release stores the rest */
};

/* A release that spares its wake for a WOKEN thread looks at the queue
 * anyway once in this many, for a parker that has waited too long. */
#define PARK_LOOK_EVERY 64u

#define NODE_QUEUED 1u /* queued, or taken off and about to be woken */
#define NODE_WOKEN 0u  /* taken off: look at the word again */
#define NODE_HANDED 2u /* taken off, the mutex left held for us */

struct park_bucket {
	uint32_t lock;
	struct park_node *head, *tail;
} __attribute__((aligned(64)));

#define PARK_BITS 8
static struct park_bucket park_table[1u << PARK_BITS];

/* The fork generation WOKEN carries (bumped in every fork child). */
static uint32_t park_gen;

static uint32_t woken_mark(void)
{
	return FX_WOKEN | park_gen << FX_WOKEN_GEN_SHIFT;
}

/* v has a WOKEN set in this process, not inherited through fork. */
static int woken_here(uint32_t v)
{
	return (v & FX_WOKEN) && v >> FX_WOKEN_GEN_SHIFT == park_gen;
}

static struct park_bucket *bucket_of(const fx_mutex_t *m)
{
	uintptr_t a = (uintptr_t)m;
	return &park_table[(uint32_t)((a >> 3) * 0x9e3779b97f4a7c15ull >>
				      (64 - PARK_BITS))];
}

/* The first node of m in b (0 if none); *prev is the node before it,
 * *more tells whether another node of m follows. */
static struct park_node *first_of(struct park_bucket *b, const fx_mutex_t *m,
				  struct park_node **prev, int *more)
{
	struct park_node *p = 0, *n = b->head;
	while (n && n->m != m) {
		p = n;
		n = n->next;
	}
	*prev = p;
	*more = 0;
	if (!n)
		return 0;
	for (struct park_node *r = n->next; r; r = r->next)
		if (r->m == m) {
			*more = 1;
			break;
		}
	return n;
}

static void unlink_after(struct park_bucket *b, struct park_node *prev,
			 struct park_node *n)
{
	if (prev)
		prev->next = n->next;
	else
		b->head = n->next;
	if (b->tail == n)
		b->tail = prev;
}

/* Take node x off b if it is still queued; *more tells whether another
 * node of x's mutex remains. */
static int take_node(struct park_bucket *b, struct park_node *x, int *more)
{
	struct park_node *prev = 0, *n = b->head, *before = 0;
	int found = 0;
	*more = 0;
	for (; n; prev = n, n = n->next) {
		if (n == x) {
			found = 1;
			before = prev;
		} else if (n->m == x->m) {
			*more = 1;
		}
	}
	if (found)
		unlink_after(b, before, x);
	return found;
}

/* Clear marks, preserving the rest of the word. */
static void clear_bits(fx_mutex_t *m, uint32_t bits)
{
	fx_fetch_and_seqcst(&m->lock, ~bits);
}

int fx_mutex_park_lock(fx_mutex_t *m, clockid_t clock,
		       const struct timespec *abs)
{
	struct park_bucket *b = bucket_of(m);
	struct park_node self;
	int slept = 0;
	/* Taken off the queue by a release that set WOKEN, which only we
	 * may clear, and must: by taking the word or by parking again. */
	uint32_t mine = 0;

	for (;;) {
		uint32_t v = fx_load_relaxed(&m->lock);
		if (fx_word012_take(&m->lock, &v, mine))
			return 0;
		if (FX_WORD_FREE(v))
			continue;
		long long now = slept ? 0 : fx_now_ns(CLOCK_MONOTONIC);
		fx_lock012(&b->lock, 0);
		/* PARKED first: once it is set, the owner's release comes
		 * here, so the word cannot be freed unseen. */
		v = fx_load_relaxed(&m->lock);
		while (!FX_WORD_FREE(v) &&
		       !fx_cas_seqcst(&m->lock, &v, (v | FX_PARKED) & ~mine))
			;
		if (FX_WORD_FREE(v)) {
			/* Freed meanwhile: take it (PARKED stays as it was:
			 * it is set here only with a node of m queued). */
			int taken = fx_word012_take(&m->lock, &v, mine);
			fx_unlock012(&b->lock, 0);
			if (taken)
				return 0;
			continue;
		}
		mine = 0;
		self.next = 0;
		self.m = m;
		self.wait = NODE_QUEUED;
		/* Waiting since the first time this call queued. */
		if (!slept)
			self.since = now;
		if (b->tail)
			b->tail->next = &self;
		else
			b->head = &self;
		b->tail = &self;
		fx_unlock012(&b->lock, 0);

		/* Until the release that takes the node off has stored into
		 * it: only then is it done with the node, which lives on our
		 * stack (the store and its wake are one kernel step). */
		const struct timespec *until = abs;
		while (fx_load_acquire(&self.wait) == NODE_QUEUED) {
			int r = fx_futex_wait(&self.wait, NODE_QUEUED, 0, clock,
					      until);
			if (r != -ETIMEDOUT)
				continue;
			fx_lock012(&b->lock, 0);
			int more, queued = take_node(b, &self, &more);
			if (queued && !more)
				clear_bits(m, FX_PARKED);
			fx_unlock012(&b->lock, 0);
			if (queued)
				return ETIMEDOUT;
			/* A release took us off: wait for its store, however
			 * late, and use what it gave. */
			until = 0;
		}
		if (self.wait == NODE_HANDED) {
			fx_self_tls.park_turn = fx_now_ns(CLOCK_MONOTONIC);
			return 0;
		}
		/* Taken off and woken: look again.  A deadline that has
		 * passed meanwhile ends the call in the next FUTEX_WAIT, after
		 * the look and after WOKEN is cleared by parking again. */
		mine = FX_WOKEN_MASK;
		slept = 1;
	}
}

/* Release of a word with PARKED or WOKEN (held by the caller).
 *
 * With a WOKEN of this process the woken thread is still on its way:
 * free the word and wake nobody, but once in PARK_LOOK_EVERY such
 * releases look at the queue, for a parker that has waited too long.
 * Otherwise take the first parked thread off under the bucket lock, free
 * the word (marked WOKEN if others stay parked) and wake it; or, if it
 * has waited longer than FXPTHREAD_HANDOFF_US since it first queued, hand
 * the mutex to it: the word stays held.  A thread that was handed a mutex
 * does not hand one on for a quarter of that time (fx_self_tls.park_turn),
 * so that a run of long waiters does not pass the mutex from one wakeup
 * to the next without getting work done.  Requeued condvar waiters on the
 * word (2) are woken as by any release. */
void fx_mutex_park_release(fx_mutex_t *m, uint32_t v)
{
	uint32_t nv;
	if (woken_here(v) && ++m->spared % PARK_LOOK_EVERY != 0) {
		/* Decided on the word each CAS replaces: the woken parker
		 * may clear WOKEN (parking again) at any moment, and then
		 * this release must wake the next one. */
		while (woken_here(v)) {
			if (fx_cas_release(&m->lock, &v,
					   v & (FX_PARKED | FX_WOKEN_MASK))) {
				if ((v & (FX_LOCKED | FX_CONTENDED)) ==
				    FX_CONTENDED)
					fx_futex_wake(&m->lock, 1, 0);
				return;
			}
		}
	}

	struct park_bucket *b = bucket_of(m);
	struct park_node *prev, *n;
	int more, hand = 0, take, kq;
	fx_lock012(&b->lock, 0);
	n = first_of(b, m, &prev, &more);
	if (n) {
		long long now = fx_now_ns(CLOCK_MONOTONIC);
		hand = now - n->since > fx_config.handoff_ns &&
		       now - fx_self_tls.park_turn >= fx_config.handoff_ns / 4;
	}
	v = fx_load_relaxed(&m->lock);
	do {
		uint32_t held = v & (FX_LOCKED | FX_CONTENDED);
		take = n && (hand || !woken_here(v));
		kq = 0;
		if (!take) {
			/* nobody queued, or a WOKEN one on its way */
			nv = n ? v & (FX_PARKED | FX_WOKEN_MASK) : 0;
			kq = held == FX_CONTENDED;
		} else if (hand) {
			nv = held | (more ? FX_PARKED : 0); /* held, for n */
		} else {
			/* WOKEN only matters while others stay parked. */
			nv = more ? FX_PARKED | woken_mark() : 0;
			kq = held == FX_CONTENDED;
		}
	} while (!fx_cas_release(&m->lock, &v, nv));
	if (take)
		unlink_after(b, prev, n);
	fx_unlock012(&b->lock, 0);
	if (take)
		fx_futex_store_wake(&n->wait, hand ? NODE_HANDED : NODE_WOKEN,
				    0);
	if (kq)
		fx_futex_wake(&m->lock, 1, 0);
}

/* fork(): the child must not inherit a bucket locked by a thread it does
 * not have, nor a list half-linked (docs/mutex.md#parking). */
static void park_prepare(void)
{
	for (unsigned i = 0; i < 1u << PARK_BITS; i++)
		fx_lock012(&park_table[i].lock, 0);
}

static void park_parent(void)
{
	for (unsigned i = 0; i < 1u << PARK_BITS; i++)
		fx_unlock012(&park_table[i].lock, 0);
}

/* The child has only the forking thread, which is not parked: every node
 * queued belongs to a thread the child does not have.  Emptying the lists
 * forgets them; a word they left PARKED finds no node at its next
 * release, which then clears the mark, and a WOKEN of the old generation
 * no longer spares a release. */
static void park_child(void)
{
	for (unsigned i = 0; i < 1u << PARK_BITS; i++) {
		park_table[i].head = park_table[i].tail = 0;
		fx_store_relaxed(&park_table[i].lock, 0);
	}
	park_gen = (park_gen + 1) & (~0u >> FX_WOKEN_GEN_SHIFT);
}

__attribute__((constructor)) static void park_init(void)
{
	pthread_atfork(park_prepare, park_parent, park_child);
}
