/* FXPTHREAD_LOCKDEP: the lock-order graph and the deadlock watchdog.
 *
 * Order graph.  Nodes are lock records (an object at an address, in one
 * life: `gen` is bumped by destroy, and an edge remembers the generations
 * it was made with, so a new object at a recycled address starts with no
 * edges).  Edge A->B (with the modes: A held for read or write, B
 * requested for read or write) means some thread requested B while
 * holding A.  It keeps the backtrace of its first occurrence.
 *
 *   - Edges are only ever added, by one thread at a time (graph_lock);
 *     a thread publishes an edge's fields before its hash (release), so
 *     the lock-free lookup that every acquisition makes sees either no
 *     edge or a complete one.
 *   - Adding A->B closes a cycle iff B already reaches A.  The search
 *     skips a step that cannot block: a read request of a lock that the
 *     next thread holds for read (two readers never wait for each other;
 *     writer-preferring rwlocks can make even that block, which this
 *     checker does not model).
 *   - Each cycle is reported once, when its last edge appears, whether or
 *     not the threads ever actually deadlock.
 *
 * Watchdog.  A thread that blocks with lockdep on waits in rounds of
 * FXPTHREAD_LOCKDEP_TIMEOUT_MS (track.c).  After each round it follows the
 * waits-for graph from itself (thread -> lock it waits for -> threads
 * holding that lock -> what they wait for ...).  A path back to itself,
 * unchanged when looked at again a moment later, is a deadlock: every
 * thread on it is reported with the backtrace where it blocked and the
 * locks it holds, and the process aborts.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag.h"

#define NEDGES (1u << 16)
#define EDGE_PROBES 128
#define MAX_PATH 32

struct diag_edge {
	uint64_t hash; /* 0: free; written last, with release */
	uint32_t from, to; /* record indices */
	uint32_t from_gen, to_gen;
	uint8_t from_mode, to_mode;
	uint16_t pad;
	uint32_t next_out; /* next edge of `from` (index + 1), or 0 */
	uint32_t stack;	   /* where `to` was requested with `from` held */
	pid_t tid;
	uintptr_t from_site; /* where `from` had been locked */
	const void *from_obj, *to_obj;
};

static struct diag_edge *edges;
static diag_lock_t graph_lock;
static uint32_t dfs_serial;
static uint64_t inversions;
static int deadlock_reported;

int diag_lockdep_init(void)
{
	edges = diag_map(NEDGES * sizeof *edges);
	return edges ? 0 : -1;
}

void diag_lockdep_after_fork_child(void)
{
	graph_lock = 0;
	deadlock_reported = 0;
}

void diag_lockdep_prepare_fork(void)
{
	diag_lock(&graph_lock);
}

void diag_lockdep_parent_fork(void)
{
	diag_unlock(&graph_lock);
}

uint64_t diag_lockdep_inversions(void)
{
	return fx_load_relaxed(&inversions);
}

struct edge_key {
	uint32_t from, to, from_gen, to_gen;
	uint8_t from_mode, to_mode;
};

static uint64_t key_hash(const struct edge_key *k)
{
	uint64_t h = ((uint64_t)k->from << 32 | k->to) * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)k->from_gen << 32 | k->to_gen) * 0xc2b2ae3d27d4eb4full;
	h ^= (uint64_t)(k->from_mode << 1 | k->to_mode) << 61;
	return h | 1;
}

static int same(const struct diag_edge *e, const struct edge_key *k)
{
	return e->from == k->from && e->to == k->to &&
	       e->from_gen == k->from_gen && e->to_gen == k->to_gen &&
	       e->from_mode == k->from_mode && e->to_mode == k->to_mode;
}

/* Lock-free: 1 if the edge exists, else 0 with *free_slot set to where
 * it would go (-1: table full). */
static int edge_find(const struct edge_key *k, uint64_t h, int *free_slot)
{
	uint32_t i = (uint32_t)(h >> 20) & (NEDGES - 1);
	*free_slot = -1;
	for (int n = 0; n < EDGE_PROBES; n++, i = (i + 1) & (NEDGES - 1)) {
		uint64_t have = fx_load_acquire(&edges[i].hash);
		if (have == 0) {
			*free_slot = (int)i;
			return 0;
		}
		if (have == h && same(&edges[i], k))
			return 1;
	}
	return 0;
}

static int edge_live(const struct diag_edge *e)
{
	return fx_load_relaxed(&diag_lock_at(e->from)->gen) == e->from_gen &&
	       fx_load_relaxed(&diag_lock_at(e->to)->gen) == e->to_gen;
}

/* ------------------------------------------------------------ cycles */

struct frame {
	uint32_t node;
	uint8_t arrived_read; /* the path requested this node for read */
	uint32_t next_edge;   /* next edge of node to try (index + 1) */
	uint32_t via;	      /* edge that led here (index + 1), 0 at start */
};

/* Is there a path start -> ... -> target that can block at every step?
 * start is requested with start_read; target is held with target_read.
 * On success path[] holds the edges (indices + 1) and *len their count. */
static int find_path(uint32_t start, int start_read, uint32_t target,
		     int target_read, uint32_t *path, int *len)
{
	struct frame st[MAX_PATH + 1];
	int depth = 0;
	uint32_t serial = ++dfs_serial;
	if (serial == 0)
		serial = ++dfs_serial;
	st[0] = (struct frame){ start, (uint8_t)start_read,
				diag_lock_at(start)->first_out, 0 };
	diag_lock_at(start)->dfs_mark[start_read] = serial;
	while (depth >= 0) {
		struct frame *f = &st[depth];
		if (f->next_edge == 0) {
			depth--;
			continue;
		}
		struct diag_edge *e = &edges[f->next_edge - 1];
		f->next_edge = e->next_out;
		if (!edge_live(e))
			continue;
		if (f->arrived_read && e->from_mode == DIAG_READ)
			continue; /* reader behind reader: never waits */
		if (e->to == target) {
			if (e->to_mode == DIAG_READ && target_read)
				continue;
			for (int i = 1; i <= depth; i++)
				path[i - 1] = st[i].via;
			path[depth] = (uint32_t)(e - edges) + 1;
			*len = depth + 1;
			return 1;
		}
		struct diag_lock *next = diag_lock_at(e->to);
		if (next->dfs_mark[e->to_mode] == serial || depth == MAX_PATH)
			continue;
		next->dfs_mark[e->to_mode] = serial;
		st[++depth] = (struct frame){ e->to, e->to_mode, next->first_out,
					      (uint32_t)(e - edges) + 1 };
	}
	return 0;
}

static const char *mode_name(int kind, int mode)
{
	if (kind != DIAG_RWLOCK)
		return "";
	return mode == DIAG_READ ? " (read)" : " (write)";
}

static void print_site(struct diag_out *o, const char *what, uintptr_t pc)
{
	char buf[200];
	if (!pc)
		return;
	diag_symbolize(pc, buf, sizeof buf, 1);
	diag_printf(o, "      (%s at %s)\n", what, buf);
}

static void report_inversion(struct diag_thread *t, const struct diag_held *h,
			     struct diag_lock *to, const void *obj, int mode,
			     uint32_t stack, const uint32_t *path, int len)
{
	struct diag_out o;
	diag_report_begin();
	diag_out_init(&o, 2);
	struct diag_lock *from = h->lock;
	diag_printf(&o,
		    "fxpthread-diag: possible deadlock: lock order inversion "
		    "(pid %d)\n",
		    (int)getpid());
	diag_printf(&o, "  thread %d acquires %s %p%s while holding %s %p%s:\n",
		    (int)t->tid, diag_kind_name(to->kind), obj,
		    mode_name(to->kind, mode), diag_kind_name(from->kind),
		    h->obj, mode_name(from->kind, h->mode));
	diag_print_stack(&o, stack, "    ");
	print_site(&o, "the held lock was taken", h->site);
	diag_printf(&o, "  but the opposite order was established before:\n");
	for (int i = 0; i < len; i++) {
		const struct diag_edge *e = &edges[path[i] - 1];
		struct diag_lock *ef = diag_lock_at(e->from);
		struct diag_lock *et = diag_lock_at(e->to);
		diag_printf(&o,
			    "  thread %d acquired %s %p%s while holding %s "
			    "%p%s:\n",
			    (int)e->tid, diag_kind_name(et->kind), e->to_obj,
			    mode_name(et->kind, e->to_mode),
			    diag_kind_name(ef->kind), e->from_obj,
			    mode_name(ef->kind, e->from_mode));
		diag_print_stack(&o, e->stack, "    ");
		print_site(&o, "the held lock was taken", e->from_site);
	}
	diag_printf(&o, "  %s %p was first used at:\n", diag_kind_name(from->kind),
		    h->obj);
	diag_print_stack(&o, from->first_stack, "    ");
	diag_printf(&o, "  %s %p was first used at:\n", diag_kind_name(to->kind),
		    obj);
	diag_print_stack(&o, to->first_stack, "    ");
	if (diag_config.lockdep_abort)
		diag_printf(&o, "fxpthread-diag: aborting "
				"(FXPTHREAD_LOCKDEP_ABORT)\n");
	diag_flush(&o);
	diag_report_end();
	if (diag_config.lockdep_abort)
		abort();
}

static DIAG_NOINLINE void add_edge(struct diag_thread *t,
				   const struct diag_held *h,
				   struct diag_lock *to, const void *obj,
				   int mode, const struct edge_key *k,
				   uint64_t hash)
{
	uint32_t stack = diag_stack_capture(); /* outside graph_lock */
	uint32_t path[MAX_PATH + 1];
	int len = 0, cycle = 0, slot;

	diag_lock(&graph_lock);
	if (edge_find(k, hash, &slot) || slot < 0) {
		diag_unlock(&graph_lock);
		return; /* added meanwhile, or no room */
	}
	/* Search before inserting: is `from` reachable from `to`? */
	cycle = find_path(k->to, k->to_mode, k->from, k->from_mode, path, &len);
	struct diag_edge *e = &edges[slot];
	struct diag_lock *from = h->lock;
	e->from = k->from;
	e->to = k->to;
	e->from_gen = k->from_gen;
	e->to_gen = k->to_gen;
	e->from_mode = k->from_mode;
	e->to_mode = k->to_mode;
	e->stack = stack;
	e->tid = t->tid;
	e->from_site = h->site;
	e->from_obj = h->obj;
	e->to_obj = obj;
	e->next_out = from->first_out;
	fx_store_release(&e->hash, hash);
	from->first_out = (uint32_t)slot + 1;
	if (cycle)
		fx_fetch_add_release(&inversions, 1);
	diag_unlock(&graph_lock);

	if (cycle)
		report_inversion(t, h, to, obj, mode, stack, path, len);
}

void diag_lockdep_acquire(struct diag_thread *t, struct diag_lock *l,
			  const void *obj, enum diag_mode mode)
{
	uint32_t n = t->nheld;
	if (n == 0 || !edges)
		return;
	/* Re-locking what one holds (a recursive mutex, a second read lock)
	 * cannot wait for anybody else: no order to learn. */
	if (diag_held_find(t, obj) >= 0)
		return;
	struct edge_key k = { .to = diag_lock_index(l),
			      .to_gen = fx_load_relaxed(&l->gen),
			      .to_mode = (uint8_t)mode };
	for (uint32_t i = 0; i < n; i++) {
		const struct diag_held *h = &t->held[i];
		if (!h->lock)
			continue;
		k.from = diag_lock_index(h->lock);
		k.from_gen = fx_load_relaxed(&h->lock->gen);
		k.from_mode = h->mode;
		uint64_t hash = key_hash(&k);
		int slot;
		if (!edge_find(&k, hash, &slot) && slot >= 0)
			add_edge(t, h, l, obj, mode, &k, hash);
	}
}

/* ----------------------------------------------------------- watchdog */

struct wf_step {
	struct diag_thread *thread;
	struct diag_thread *holder; /* holds what `thread` waits for */
	uint64_t serial;
};

static int holds(const struct diag_thread *t, const void *obj, int want_read)
{
	uint32_t n = fx_load_acquire(&t->nheld);
	if (n > DIAG_MAX_HELD)
		n = DIAG_MAX_HELD;
	for (uint32_t i = 0; i < n; i++)
		if (t->held[i].obj == obj &&
		    !(want_read && t->held[i].mode == DIAG_READ))
			return 1;
	return 0;
}

/* Depth-first over threads: from `cur` (blocked), through each holder of
 * what it waits for, back to `self`. */
static int wf_search(struct diag_thread *self, struct diag_thread *cur,
		     struct wf_step *path, int depth, uint8_t *seen)
{
	if (depth == MAX_PATH || !fx_load_acquire(&cur->waiting_for))
		return 0;
	const void *obj = cur->waiting_obj;
	int want_read = cur->waiting_mode == DIAG_READ;
	uint32_t count = diag_thread_count();
	for (uint32_t i = 0; i < count; i++) {
		struct diag_thread *h = diag_thread_at(i);
		if (!fx_load_relaxed(&h->tid) || !holds(h, obj, want_read))
			continue;
		path[depth] = (struct wf_step){ cur, h, cur->wait_serial };
		if (h == self)
			return depth + 1;
		if (seen[i / 8] & (1u << (i % 8)))
			continue;
		seen[i / 8] |= (uint8_t)(1u << (i % 8));
		int len = wf_search(self, h, path, depth + 1, seen);
		if (len)
			return len;
	}
	return 0;
}

static int find_deadlock(struct diag_thread *self, struct wf_step *path)
{
	uint8_t seen[4096 / 8];
	memset(seen, 0, sizeof seen);
	return wf_search(self, self, path, 0, seen);
}

static void report_deadlock(const struct wf_step *path, int len)
{
	struct diag_out o;
	char buf[200];
	diag_report_begin();
	diag_out_init(&o, 2);
	diag_printf(&o,
		    "fxpthread-diag: deadlock: %d thread%s blocked for good "
		    "(pid %d)\n",
		    len, len == 1 ? "" : "s", (int)getpid());
	for (int i = 0; i < len; i++) {
		const struct diag_thread *t = path[i].thread;
		int kind = t->waiting_kind;
		diag_printf(&o, "  thread %d waits for %s %p%s, held by thread %d%s\n",
			    (int)t->tid, diag_kind_name(kind), t->waiting_obj,
			    mode_name(kind, t->waiting_mode),
			    (int)path[i].holder->tid,
			    path[i].holder == t ? " (itself)" : "");
		diag_printf(&o, "    blocked at:\n");
		diag_print_stack(&o, t->wait_stack, "      ");
		uint32_t n = t->nheld;
		for (uint32_t j = 0; j < n && j < DIAG_MAX_HELD; j++) {
			const struct diag_held *h = &t->held[j];
			diag_printf(&o, "    holds %s %p%s", diag_kind_name(h->kind),
				    h->obj, mode_name(h->kind, h->mode));
			if (h->site) {
				diag_symbolize(h->site, buf, sizeof buf, 1);
				diag_printf(&o, ", locked at %s", buf);
			}
			diag_printf(&o, "\n");
		}
	}
	diag_printf(&o,
		    "fxpthread-diag: aborting (FXPTHREAD_LOCKDEP watchdog, "
		    "%ld ms)\n",
		    diag_config.watchdog_ms);
	diag_flush(&o);
	diag_report_end();
}

void diag_watchdog_check(struct diag_thread *self)
{
	struct wf_step path[MAX_PATH], again[MAX_PATH];
	int len = find_deadlock(self, path);
	if (!len)
		return;
	/* The snapshot was taken without stopping anybody: look again a
	 * little later, and believe it only if nobody on the cycle moved. */
	struct timespec pause = { 0, 50 * 1000000L };
	nanosleep(&pause, 0);
	int len2 = find_deadlock(self, again);
	if (len2 != len)
		return;
	for (int i = 0; i < len; i++)
		if (again[i].thread != path[i].thread ||
		    again[i].serial != path[i].serial ||
		    again[i].thread->wait_serial != path[i].serial)
			return;
	int expected = 0;
	if (!fx_cas_seqcst(&deadlock_reported, &expected, 1)) {
		/* Another thread of the cycle is reporting; it will abort. */
		for (;;)
			nanosleep(&pause, 0);
	}
	report_deadlock(path, len);
	abort();
}
