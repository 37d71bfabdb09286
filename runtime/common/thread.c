/* Per-thread state: the cached kernel TID and fxpthread's robust-list head
 * (docs/robust.md).  Both are reset in the child of fork(), where the
 * forking thread has a new TID and glibc has registered its own head. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fx/futex.h"
#include "fx/internal.h"

__thread struct fx_thread fx_self_tls __attribute__((tls_model("initial-exec")));

struct fx_config fx_config = { .spin = 100, .ncpu = 2, .handoff_ns = 500000,
				.bcast_wake = 1 };

pid_t fx_tid_slow(void)
{
	pid_t t = (pid_t)fx_raw_syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0);
	fx_self_tls.tid = t;
	return t;
}

void fx_robust_register(void)
{
	struct fx_thread *self = &fx_self_tls;
	self->robust.list = &self->robust;
	self->robust.futex_offset = (long)offsetof(fx_mutex_t, lock) -
				    (long)offsetof(fx_mutex_t, node.next);
	self->robust.list_op_pending = 0;
	fx_raw_syscall6(SYS_set_robust_list, (long)&self->robust,
			(long)sizeof(self->robust), 0, 0, 0, 0);
	self->robust_registered = 1;
}

/* In the child only the forking thread survives: it has a new TID, and
 * glibc's fork has put glibc's own robust head back.  Mutexes the parent
 * held stay held (POSIX), owned by a TID that is not ours. */
static void fx_atfork_child(void)
{
	fx_self_tls.tid = 0;
	fx_self_tls.robust_registered = 0;
	fx_self_tls.robust.list = &fx_self_tls.robust;
	fx_self_tls.robust.list_op_pending = 0;
	fx_self_tls.pp_depth = 0;
	fx_self_tls.pp_boosted = 0;
	__builtin_memset(fx_self_tls.pp_held, 0, sizeof fx_self_tls.pp_held);
}

static int fx_env_int(const char *name, int def, int lo, int hi)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return def;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return def;
	return (int)v;
}

__attribute__((constructor)) static void fx_init(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	fx_config.ncpu = n > 0 ? (int)n : 1;
	fx_config.spin = fx_env_int("FXPTHREAD_SPIN", fx_config.ncpu > 1 ? 100 : 0,
				    0, 1000000);
	/* Normal, errorcheck and recursive mutexes park at once by default,
	 * as glibc's do: with a tiny critical section a spinner takes the
	 * lock as soon as it is free, so the lock's cache line moves between
	 * CPUs on every acquisition (docs/performance.md, docs/tuning.md). */
	fx_config.mutex_spin = fx_env_int("FXPTHREAD_MUTEX_SPIN", 0, 0, 1000000);
	fx_config.handoff_ns = 1000L * fx_env_int("FXPTHREAD_HANDOFF_US", 500,
						  0, 1000000000);
	/* A broadcast that requeues wakes 3 waiters per CPU (at most 32),
	 * one on a single CPU: the requeued chain hands the mutex over one
	 * wakeup at a time, and threads already runnable fill a CPU the
	 * moment the holder sleeps (docs/cond.md#broadcast-wake). */
	int bw = fx_config.ncpu > 1 ? 3 * fx_config.ncpu : 1;
	fx_config.bcast_wake = fx_env_int("FXPTHREAD_BROADCAST_WAKE",
					  bw < 32 ? bw : 32, 1, 1000000);
	pthread_atfork(0, 0, fx_atfork_child);
}
