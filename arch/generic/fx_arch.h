/* Any other CPU: libc's syscall(2) with errno saved and restored, and no
 * spin hint.  Correct everywhere Linux runs; a CPU-specific folder beside
 * this one makes it faster. */
#ifndef FX_ARCH_H
#define FX_ARCH_H

#include <errno.h>
#include <unistd.h>

#define FX_ARCH_NAME "generic"

static inline void fx_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static inline long fx_raw_syscall6(long nr, long a1, long a2, long a3,
				   long a4, long a5, long a6)
{
	int saved = errno;
	long ret = syscall(nr, a1, a2, a3, a4, a5, a6);
	if (ret == -1) {
		ret = -errno;
		errno = saved;
	}
	return ret;
}

#endif
