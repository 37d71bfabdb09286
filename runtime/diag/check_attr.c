/* FXPTHREAD_CHECK: attribute objects that were never initialized.
 *
 * The core makes every attribute object itself (its *_init writes the
 * default word) and each setter keeps it in a state of the layout below
 * (include/fx/internal.h, docs/layout.md); a word with any other bits set
 * was never initialized.  All-zero is the default of each type, so zeroed
 * memory passes, as it must: it is exactly what *_init writes.
 *
 *   mutexattr    32 bits: type 0-3 (bits 0-1), ROBUST (bit 4), protocol
 *                0-2 (bits 5-6), PSHARED (bit 7), ceiling (bits 19-30)
 *   condattr     32 bits: PSHARED | MONOTONIC
 *   rwlockattr   64 bits: low half a kind 0-2, high half 0 or 1
 *   barrierattr  32 bits: 0 or 1
 *
 * Destroying an attribute object leaves it as it was (the core's destroy
 * does nothing), so using one after destroy is not seen here.
 */
#define _GNU_SOURCE
#include <string.h>
#include "diag.h"
#include "fx/internal.h"

#define MATTR_PROTO_MASK (3u << FX_MATTR_PROTO_SHIFT)
#define MATTR_BITS                                                             \
	(FX_MUTEX_TYPE_MASK | FX_MUTEX_ROBUST | MATTR_PROTO_MASK |             \
	 FX_MUTEX_PSHARED | FX_MUTEX_CEILING_MASK)
#define MATTR_PROTO_PROTECT 2u

static int mutexattr_valid(const void *a)
{
	uint32_t w;
	memcpy(&w, a, sizeof w);
	return !(w & ~MATTR_BITS) &&
	       ((w & MATTR_PROTO_MASK) >> FX_MATTR_PROTO_SHIFT) <=
		       MATTR_PROTO_PROTECT;
}

static int condattr_valid(const void *a)
{
	uint32_t w;
	memcpy(&w, a, sizeof w);
	return !(w & ~(FX_COND_PSHARED | FX_COND_MONOTONIC));
}

static int rwlockattr_valid(const void *a)
{
	uint64_t w;
	memcpy(&w, a, sizeof w);
	uint32_t kind = (uint32_t)w, pshared = (uint32_t)(w >> 32);
	return kind <= PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP &&
	       pshared <= 1;
}

static int barrierattr_valid(const void *a)
{
	uint32_t w;
	memcpy(&w, a, sizeof w);
	return w <= 1;
}

void diag_check_attr(const char *fn, const void *attr, enum diag_attr kind)
{
	static const struct {
		int (*valid)(const void *a);
		const char *type, *init;
	} types[] = {
		[DIAG_ATTR_MUTEX] = { mutexattr_valid, "mutex",
				      "pthread_mutexattr_init" },
		[DIAG_ATTR_COND] = { condattr_valid, "condvar",
				     "pthread_condattr_init" },
		[DIAG_ATTR_RWLOCK] = { rwlockattr_valid, "rwlock",
				       "pthread_rwlockattr_init" },
		[DIAG_ATTR_BARRIER] = { barrierattr_valid, "barrier",
					"pthread_barrierattr_init" },
	};
	if (!types[kind].valid(attr))
		diag_fatal(fn, 0, attr,
			   "%s attribute object %p was never initialized: it "
			   "holds bits no %s attribute object has (use %s)",
			   types[kind].type, attr, types[kind].type,
			   types[kind].init);
}
