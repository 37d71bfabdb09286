/* Compile-time proof that every fxpthread object fits the glibc object
 * whose memory it lives in, and that the fields glibc's static
 * initializers write are the ones we read (docs/layout.md). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <threads.h>
#include "fx/internal.h"

#define FITS(ours, theirs)                                                    \
	_Static_assert(sizeof(ours) <= sizeof(theirs),                        \
		       #ours " larger than " #theirs);                        \
	_Static_assert(_Alignof(ours) <= _Alignof(theirs),                    \
		       #ours " more aligned than " #theirs)

FITS(fx_mutex_t, pthread_mutex_t);
FITS(fx_mutex_t, mtx_t);
FITS(fx_cond_t, pthread_cond_t);
FITS(fx_cond_t, cnd_t);
FITS(fx_rwlock_t, pthread_rwlock_t);
FITS(fx_barrier_t, pthread_barrier_t);
FITS(uint32_t, pthread_mutexattr_t);
FITS(uint32_t, pthread_condattr_t);
FITS(uint32_t, pthread_barrierattr_t);
FITS(uint64_t, pthread_rwlockattr_t);
FITS(int, pthread_spinlock_t);

#if defined(__x86_64__)
_Static_assert(sizeof(pthread_mutex_t) == 40, "glibc x86_64 mutex");
_Static_assert(sizeof(pthread_cond_t) == 48, "glibc x86_64 cond");
_Static_assert(sizeof(pthread_rwlock_t) == 56, "glibc x86_64 rwlock");
_Static_assert(sizeof(pthread_barrier_t) == 32, "glibc x86_64 barrier");
#endif

/* glibc's __kind, the field its *_INITIALIZER_NP macros set. */
_Static_assert(offsetof(fx_mutex_t, kind) ==
		       offsetof(pthread_mutex_t, __data.__kind),
	       "mutex kind must overlay glibc's __kind");
_Static_assert(offsetof(fx_mutex_t, lock) ==
		       offsetof(pthread_mutex_t, __data.__lock),
	       "mutex word must overlay glibc's __lock");
/* glibc's rwlock __flags, set by the writer-nonrecursive initializer. */
_Static_assert(offsetof(fx_rwlock_t, flags) ==
		       offsetof(pthread_rwlock_t, __data.__flags),
	       "rwlock kind must overlay glibc's __flags");
