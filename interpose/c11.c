/* C11 <threads.h> mutexes and condition variables.  mtx_t and cnd_t are
 * the same memory as pthread_mutex_t and pthread_cond_t, and glibc's own
 * mtx_* call its internal mutex code directly, so they must be ours too:
 * a program may mix mtx_lock and pthread_mutex_unlock on one object. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <threads.h>
#include "export.h"
#include "fx/fast.h"
#include "fx/internal.h"

#define M(m) ((fx_mutex_t *)(m))
#define C(c) ((fx_cond_t *)(c))

static int thrd_result(int err)
{
	switch (err) {
	case 0: return thrd_success;
	case EBUSY: return thrd_busy;
	case ETIMEDOUT: return thrd_timedout;
	case ENOMEM: return thrd_nomem;
	default: return thrd_error;
	}
}

FX_EXPORT int mtx_init(mtx_t *m, int type)
{
	uint32_t attr;
	switch (type) {
	case mtx_plain:
	case mtx_timed:
		attr = FX_MUTEX_NORMAL;
		break;
	case mtx_plain | mtx_recursive:
	case mtx_timed | mtx_recursive:
		attr = FX_MUTEX_RECURSIVE;
		break;
	default:
		return thrd_error;
	}
	return thrd_result(fx_mutex_init(M(m), &attr));
}

FX_EXPORT void mtx_destroy(mtx_t *m)
{
	fx_mutex_destroy(M(m));
}

FX_EXPORT int mtx_lock(mtx_t *m)
{
	return thrd_result(fx_mutex_lock_fast(M(m)));
}

FX_EXPORT int mtx_trylock(mtx_t *m)
{
	return thrd_result(fx_mutex_trylock_fast(M(m)));
}

FX_EXPORT int mtx_timedlock(mtx_t *restrict m,
			    const struct timespec *restrict abs)
{
	return thrd_result(fx_mutex_lock_slow(M(m), CLOCK_REALTIME, abs, 0));
}

FX_EXPORT int mtx_unlock(mtx_t *m)
{
	return thrd_result(fx_mutex_unlock_fast(M(m)));
}

FX_EXPORT int cnd_init(cnd_t *c)
{
	return thrd_result(fx_cond_init(C(c), 0));
}

FX_EXPORT void cnd_destroy(cnd_t *c)
{
	fx_cond_destroy(C(c));
}

FX_EXPORT int cnd_signal(cnd_t *c)
{
	return thrd_result(fx_cond_signal(C(c)));
}

FX_EXPORT int cnd_broadcast(cnd_t *c)
{
	return thrd_result(fx_cond_broadcast(C(c)));
}

FX_EXPORT int cnd_wait(cnd_t *c, mtx_t *m)
{
	return thrd_result(fx_cond_wait(C(c), M(m), -1, 0));
}

FX_EXPORT int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m,
			    const struct timespec *restrict abs)
{
	return thrd_result(fx_cond_wait(C(c), M(m), CLOCK_REALTIME, abs));
}
