/* C11 mtx_* and cnd_*.  The objects are the core's pthread objects
 * (interpose/c11.c), so with a feature on they take the pthread paths
 * and only the result is translated, exactly as the core translates it. */
#define _GNU_SOURCE
#include <errno.h>
#include <threads.h>
#include "wrap.h"

#define M(m) ((pthread_mutex_t *)(m))
#define C(c) ((pthread_cond_t *)(c))

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

static DIAG_NOINLINE int observed_mtx_init(mtx_t *m, int type)
{
	if (fx_load_relaxed(&diag_features) & DIAG_CHECK)
		diag_check_init("mtx_init", m, 0, DIAG_MUTEX);
	int r = diag_next.mtx_init(m, type);
	if (r == thrd_success)
		diag_mutex_inited(M(m));
	return r;
}

DIAG_EXPORT int mtx_init(mtx_t *m, int type)
{
	if (DIAG_OFF())
		return diag_next.mtx_init(m, type);
	return observed_mtx_init(m, type);
}

DIAG_EXPORT void mtx_destroy(mtx_t *m)
{
	if (DIAG_OFF()) {
		diag_next.mtx_destroy(m);
		return;
	}
	diag_mutex_destroy("mtx_destroy", M(m));
}

DIAG_EXPORT int mtx_lock(mtx_t *m)
{
	if (DIAG_OFF())
		return diag_next.mtx_lock(m);
	return thrd_result(diag_mutex_lock("mtx_lock", M(m), DIAG_BLOCK, 0, 0,
					   DIAG_SITE()));
}

DIAG_EXPORT int mtx_trylock(mtx_t *m)
{
	if (DIAG_OFF())
		return diag_next.mtx_trylock(m);
	return thrd_result(diag_mutex_lock("mtx_trylock", M(m), DIAG_TRY, 0, 0,
					   DIAG_SITE()));
}

DIAG_EXPORT int mtx_timedlock(mtx_t *restrict m,
			      const struct timespec *restrict abs)
{
	if (DIAG_OFF())
		return diag_next.mtx_timedlock(m, abs);
	return thrd_result(diag_mutex_lock("mtx_timedlock", M(m), DIAG_TIMED,
					   CLOCK_REALTIME, abs, DIAG_SITE()));
}

DIAG_EXPORT int mtx_unlock(mtx_t *m)
{
	if (DIAG_OFF())
		return diag_next.mtx_unlock(m);
	return thrd_result(diag_mutex_unlock("mtx_unlock", M(m)));
}

static DIAG_NOINLINE int observed_cnd_init(cnd_t *c)
{
	if (fx_load_relaxed(&diag_features) & DIAG_CHECK)
		diag_check_init("cnd_init", c, 0, DIAG_COND);
	int r = diag_next.cnd_init(c);
	if (r == thrd_success)
		diag_cond_inited(C(c));
	return r;
}

DIAG_EXPORT int cnd_init(cnd_t *c)
{
	if (DIAG_OFF())
		return diag_next.cnd_init(c);
	return observed_cnd_init(c);
}

DIAG_EXPORT void cnd_destroy(cnd_t *c)
{
	if (DIAG_OFF()) {
		diag_next.cnd_destroy(c);
		return;
	}
	diag_cond_destroy("cnd_destroy", C(c));
}

DIAG_EXPORT int cnd_signal(cnd_t *c)
{
	if (DIAG_OFF())
		return diag_next.cnd_signal(c);
	return thrd_result(diag_cond_wake("cnd_signal", C(c), 0));
}

DIAG_EXPORT int cnd_broadcast(cnd_t *c)
{
	if (DIAG_OFF())
		return diag_next.cnd_broadcast(c);
	return thrd_result(diag_cond_wake("cnd_broadcast", C(c), 1));
}

DIAG_EXPORT int cnd_wait(cnd_t *c, mtx_t *m)
{
	if (DIAG_OFF())
		return diag_next.cnd_wait(c, m);
	return thrd_result(diag_cond_wait("cnd_wait", C(c), M(m), -1, 0,
					  DIAG_SITE()));
}

DIAG_EXPORT int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m,
			      const struct timespec *restrict abs)
{
	if (DIAG_OFF())
		return diag_next.cnd_timedwait(c, m, abs);
	return thrd_result(diag_cond_wait("cnd_timedwait", C(c), M(m),
					  CLOCK_REALTIME, abs, DIAG_SITE()));
}
