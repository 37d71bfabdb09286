/* x86_64: the spin hint and the raw system call instruction.
 * Everything else (atomics, memory orders) comes from the compiler's
 * __atomic builtins in include/fx/atomic.h. */
#ifndef FX_ARCH_H
#define FX_ARCH_H

#define FX_ARCH_NAME "x86_64"

static inline void fx_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* Raw syscall that leaves errno alone: returns -errno on failure, as the
 * kernel does.  fxpthread must never change errno of a correct program. */
static inline long fx_raw_syscall6(long nr, long a1, long a2, long a3,
				   long a4, long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

#endif
