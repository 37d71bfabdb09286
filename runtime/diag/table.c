/* The table of lock records: open addressing keyed by the object's
 * address, linear probing, mapped once at start (FXPTHREAD_DIAG_LOCKS
 * records, 65536 by default) and never resized, so finding or adding a
 * record allocates nothing and takes no lock.
 *
 *   key   0                  free
 *         object address     the live record of that object
 *         DIAG_KEY_RETIRED   statistics of an object that was destroyed
 *
 * A key goes from 0 to its final value by one CAS and never changes
 * again, so a reader that sees a key may trust it (T1).  Probing stops at
 * the first free slot or after PROBE_LIMIT slots: a lookup costs at most
 * that many loads, and an object that finds no slot is counted in
 * diag_untracked and simply not observed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "diag.h"

#define PROBE_LIMIT 64

struct diag_lock *diag_table;
uint32_t diag_table_mask;
/* Indices of the slots in use, in the order they were claimed: reports
 * and the fork child's reset walk these instead of the whole table. */
static uint32_t *used;
static uint32_t nused;
uint64_t diag_untracked;
uint64_t diag_retired_lost;
struct diag_quiet diag_quiet;

void *diag_map(size_t bytes)
{
	int saved_errno = errno; /* invisible to the program */
	void *p = mmap(0, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	errno = saved_errno;
	return p == MAP_FAILED ? 0 : p;
}

int diag_table_init(uint32_t capacity)
{
	diag_table = diag_map((size_t)capacity * sizeof *diag_table);
	used = diag_map((size_t)capacity * sizeof *used);
	if (!diag_table || !used)
		return -1;
	diag_table_mask = capacity - 1;
	return 0;
}


static void note_used(const struct diag_lock *l)
{
	uint32_t n = fx_fetch_add_release(&nused, 1);
	if (n <= diag_table_mask)
		fx_store_release(&used[n], (uint32_t)(l - diag_table) + 1);
}

/* Records in use; an entry may read 0 for a slot being claimed. */
const uint32_t *diag_table_used(uint32_t *n)
{
	uint32_t k = fx_load_acquire(&nused);
	*n = k > diag_table_mask + 1 ? diag_table_mask + 1 : k;
	return used;
}

const char *diag_kind_name(enum diag_kind k)
{
	switch (k) {
	case DIAG_MUTEX: return "mutex";
	case DIAG_RWLOCK: return "rwlock";
	case DIAG_COND: return "cond";
	}
	return "object";
}

void diag_lock_reset_stats(struct diag_lock *l)
{
	memset(&l->acquisitions, 0,
	       offsetof(struct diag_lock, cond_lock) -
		       offsetof(struct diag_lock, acquisitions));
}

struct diag_lock *diag_lock_get(const void *obj, enum diag_kind kind,
				int *created)
{
	uintptr_t key = (uintptr_t)obj;
	uint32_t i = diag_slot_of(key);
	*created = 0;
	if (fx_unlikely(!diag_table))
		return 0;
	for (int n = 0; n < PROBE_LIMIT; n++, i = (i + 1) & diag_table_mask) {
		struct diag_lock *l = &diag_table[i];
		uintptr_t k = fx_load_acquire(&l->key);
		if (k == 0) {
			if (fx_cas_acquire(&l->key, &k, key)) {
				l->addr = key;
				fx_store_release(&l->kind, (uint8_t)kind);
				note_used(l);
				*created = 1;
				return l;
			}
		}
		if (k == key) {
			uint8_t have = fx_load_acquire(&l->kind);
			if (fx_unlikely(have != kind && have != 0)) {
				/* The memory now holds another kind of
				 * object: start over. */
				diag_lock_reset_stats(l);
				fx_store_relaxed(&l->state, DIAG_SEEN);
				fx_store_release(&l->kind, (uint8_t)kind);
				*created = 1;
			}
			return l;
		}
	}
	fx_fetch_add_release(&diag_untracked, 1);
	return 0;
}

struct diag_lock *diag_lock_find(const void *obj)
{
	uintptr_t key = (uintptr_t)obj;
	uint32_t i = diag_slot_of(key);
	if (!diag_table)
		return 0;
	for (int n = 0; n < PROBE_LIMIT; n++, i = (i + 1) & diag_table_mask) {
		uintptr_t k = fx_load_acquire(&diag_table[i].key);
		if (k == key)
			return &diag_table[i];
		if (k == 0)
			return 0;
	}
	return 0;
}

/* Called by the thread that destroys the object, when nobody may use it
 * any more: the live record's fields are stable.  Statistics worth
 * ranking (the object was waited on) move to a record of their own, keyed
 * DIAG_KEY_RETIRED; the others only add to diag_quiet. */
void diag_lock_retire(struct diag_lock *l)
{
	int interesting = l->contended || l->wait_total || l->timeouts;
	if (interesting) {
		uint32_t i = diag_slot_of(l->addr ^ ((uintptr_t)l->gen << 4) ^
				     (uintptr_t)l->acquisitions);
		int n;
		for (n = 0; n < PROBE_LIMIT; n++, i = (i + 1) & diag_table_mask) {
			struct diag_lock *r = &diag_table[i];
			uintptr_t k = 0;
			if (fx_load_relaxed(&r->key) == 0 &&
			    fx_cas_acquire(&r->key, &k, DIAG_KEY_RETIRED)) {
				r->addr = l->addr;
				r->kind = l->kind;
				r->state = DIAG_DESTROYED;
				r->first_stack = l->first_stack;
				memcpy(&r->acquisitions, &l->acquisitions,
				       offsetof(struct diag_lock, cond_lock) -
					       offsetof(struct diag_lock,
							acquisitions));
				note_used(r);
				break;
			}
		}
		if (n == PROBE_LIMIT)
			fx_fetch_add_release(&diag_retired_lost, 1);
	} else if (l->acquisitions) {
		/* Never waited on: summed up, not kept one by one, so that
		 * a program making many short-lived locks cannot fill the
		 * table with them. */
		fx_fetch_add_release(&diag_quiet.objects, 1);
		fx_fetch_add_release(&diag_quiet.acquisitions, l->acquisitions);
	}
	diag_lock_reset_stats(l);
}

uint32_t diag_lock_index(const struct diag_lock *l)
{
	return (uint32_t)(l - diag_table);
}

struct diag_lock *diag_lock_at(uint32_t index)
{
	return &diag_table[index];
}

uint32_t diag_table_capacity(void)
{
	return diag_table ? diag_table_mask + 1 : 0;
}

/* Zero every record's counters, keeping first-use backtraces. */
void diag_table_reset_counters(void)
{
	diag_quiet.objects = diag_quiet.acquisitions = 0;
	uint32_t n;
	const uint32_t *u = diag_table_used(&n);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t idx = fx_load_acquire(&u[i]);
		if (!idx)
			continue;
		diag_lock_reset_stats(&diag_table[idx - 1]);
	}
}
