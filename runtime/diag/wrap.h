/* Shared by the wrap_*.c files: the shape of every exported entry point.
 *
 * With no feature enabled a wrapper is "load diag_features, branch, jump
 * to the core" (a tail call through diag_next): no frame, no stores.
 * The return address is passed to the slow path as the call site. */
#ifndef FX_DIAG_WRAP_H
#define FX_DIAG_WRAP_H

#include "diag.h"

#define DIAG_SITE() ((uintptr_t)__builtin_return_address(0))

/* A second exported name for the same code (glibc's __pthread_* names). */
#define DIAG_ALIAS(name, target)                                               \
	extern __typeof(target) diag_alias_##name __asm__(#name)               \
		__attribute__((alias(#target), visibility("default")))

#define DIAG_OFF() fx_likely(!__atomic_load_n(&diag_features, __ATOMIC_RELAXED))

/* For the names only FXPTHREAD_CHECK observes (next.h: DIAG_CHECKED): the
 * same load and branch, on the one bit. */
#define DIAG_CHECK_OFF()                                                       \
	fx_likely(!(__atomic_load_n(&diag_features, __ATOMIC_RELAXED) &        \
		    DIAG_CHECK))

#endif
