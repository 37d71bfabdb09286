/* Atomics used by every state machine.  Thin names over the compiler's
 * __atomic builtins so the memory order of each access is visible at the
 * call site.  The CPU-specific pieces (pause, syscall) live in arch/. */
#ifndef FX_ATOMIC_H
#define FX_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>
#include "fx_arch.h"

#define fx_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define fx_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define fx_load_seqcst(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define fx_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define fx_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define fx_store_seqcst(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

/* Strong compare-and-swap; on failure *(expected) receives the current value. */
#define fx_cas_acquire(p, expected, desired)                                  \
	__atomic_compare_exchange_n((p), (expected), (desired), false,        \
				    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
#define fx_cas_release(p, expected, desired)                                  \
	__atomic_compare_exchange_n((p), (expected), (desired), false,        \
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED)
#define fx_cas_seqcst(p, expected, desired)                                   \
	__atomic_compare_exchange_n((p), (expected), (desired), false,        \
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)

#define fx_xchg_acquire(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQUIRE)
#define fx_xchg_release(p, v) __atomic_exchange_n((p), (v), __ATOMIC_RELEASE)
#define fx_xchg_seqcst(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)

#define fx_fetch_add_seqcst(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define fx_fetch_sub_seqcst(p, v) __atomic_fetch_sub((p), (v), __ATOMIC_SEQ_CST)
#define fx_fetch_add_release(p, v) __atomic_fetch_add((p), (v), __ATOMIC_RELEASE)
#define fx_fetch_add_acquire(p, v) __atomic_fetch_add((p), (v), __ATOMIC_ACQUIRE)
#define fx_fetch_sub_release(p, v) __atomic_fetch_sub((p), (v), __ATOMIC_RELEASE)
#define fx_fetch_or_seqcst(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define fx_fetch_and_seqcst(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)

#define fx_fence_seqcst() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#define fx_likely(x) __builtin_expect(!!(x), 1)
#define fx_unlikely(x) __builtin_expect(!!(x), 0)

#endif
