/* Backtraces: captured with libunwind's unw_step (walk), interned in a
 * fixed table (so a lock record names a stack by a 32-bit id), and turned
 * into "function+0xoff (object)" only when a report is written, with
 * unw_get_proc_name (which reads the ELF symbol tables, static functions
 * included) and dladdr for the object's name.
 *
 *   hash   0 free; claimed by CAS, then depth and pcs are written and
 *          `ready` is set with release.  A reader that meets a claimed
 *          but not ready entry of its own hash waits a bounded time (D3:
 *          the writer may not exist in a fork child) and then treats it
 *          as someone else's.
 *
 * Frames inside this library (the wrapper and everything under it) are
 * cut from the top of every capture, so frame #0 is the program's call.
 */
#define _GNU_SOURCE
#define UNW_LOCAL_ONLY
#include <bsd/string.h>
#include <dlfcn.h>
#include <errno.h>
#include <libunwind.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include "diag.h"

#define NSTACKS (1u << 15)
#define STACK_PROBES 64

struct diag_stack {
	uint64_t hash;
	uint32_t ready;
	uint32_t depth;
	uintptr_t pcs[DIAG_MAX_FRAMES];
};

static struct diag_stack *stacks;
static uintptr_t self_lo, self_hi; /* this library's mapped range */

static int find_self(struct dl_phdr_info *info, size_t size, void *arg)
{
	uintptr_t base = *(uintptr_t *)arg;
	if (info->dlpi_addr != base)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uintptr_t lo = base + ph->p_vaddr, hi = lo + ph->p_memsz;
		if (!self_lo || lo < self_lo)
			self_lo = lo;
		if (hi > self_hi)
			self_hi = hi;
	}
	return 1;
}

int diag_stacks_init(void)
{
	stacks = diag_map(NSTACKS * sizeof *stacks);
	if (!stacks)
		return -1;
	Dl_info me;
	if (dladdr((void *)&diag_stacks_init, &me)) {
		uintptr_t base = (uintptr_t)me.dli_fbase;
		dl_iterate_phdr(find_self, &base);
	}
	return 0;
}

static uint64_t hash_pcs(const uintptr_t *pcs, int n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (int i = 0; i < n; i++) {
		h ^= pcs[i];
		h *= 0x100000001b3ull;
	}
	return h | 1;
}

static uint32_t intern(const uintptr_t *pcs, int n)
{
	uint64_t h = hash_pcs(pcs, n);
	uint32_t i = (uint32_t)(h >> 17) & (NSTACKS - 1);
	for (int probe = 0; probe < STACK_PROBES;
	     probe++, i = (i + 1) & (NSTACKS - 1)) {
		struct diag_stack *s = &stacks[i];
		uint64_t have = fx_load_acquire(&s->hash);
		if (have == 0) {
			if (fx_cas_acquire(&s->hash, &have, h)) {
				s->depth = (uint32_t)n;
				memcpy(s->pcs, pcs, (size_t)n * sizeof *pcs);
				fx_store_release(&s->ready, 1);
				return i + 1;
			}
		}
		if (have != h)
			continue;
		for (int spin = 0; !fx_load_acquire(&s->ready) && spin < 100000;
		     spin++)
			fx_cpu_relax();
		if (fx_load_acquire(&s->ready) && s->depth == (uint32_t)n &&
		    memcmp(s->pcs, pcs, (size_t)n * sizeof *pcs) == 0)
			return i + 1;
	}
	return 0;
}

/* The caller's frames, innermost first, up to the first frame that has
 * no unwind information.  Code generated at run time (a JVM's compiled
 * Java, any JIT) has none, and libunwind would step out of it by
 * guessing from a frame pointer that such code may use for anything, so
 * reading whatever address it holds: unw_backtrace crashed a JVM that
 * way (SIGSEGV in libunwind under the lock-order checker,
 * programs.java.threads).  The stack therefore ends at the last frame
 * that libunwind can step out of by its tables. */
static int walk(void **raw, int cap)
{
	unw_context_t uc;
	unw_cursor_t cur;
	int n = 0;
	if (unw_getcontext(&uc) != 0 || unw_init_local(&cur, &uc) != 0)
		return 0;
	do {
		unw_word_t ip;
		unw_proc_info_t pi;
		if (unw_get_reg(&cur, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		raw[n++] = (void *)ip;
		/* For a frame it has no tables for, libunwind on x86-64 makes
		 * up a procedure one byte long rather than failing. */
		if (unw_get_proc_info(&cur, &pi) < 0 ||
		    pi.end_ip - pi.start_ip <= 1)
			break;
	} while (n < cap && unw_step(&cur) > 0);
	return n;
}

uint32_t diag_stack_capture(void)
{
	void *raw[DIAG_MAX_FRAMES + 16];
	uintptr_t pcs[DIAG_MAX_FRAMES];
	if (!stacks)
		return 0;
	/* libunwind probes memory with system calls whose failures set
	 * errno: the program must not see that. */
	int saved_errno = errno;
	diag_tls.in_diag++; /* libunwind locks its caches with pthread mutexes */
	int n = walk(raw, (int)(sizeof raw / sizeof raw[0]));
	diag_tls.in_diag--;
	errno = saved_errno;
	int first = 0;
	while (first < n && (uintptr_t)raw[first] >= self_lo &&
	       (uintptr_t)raw[first] < self_hi)
		first++;
	int depth = 0;
	for (int i = first; i < n && depth < DIAG_MAX_FRAMES; i++)
		pcs[depth++] = (uintptr_t)raw[i];
	if (depth == 0)
		return 0;
	return intern(pcs, depth);
}

int diag_stack_frames(uint32_t id, const uintptr_t **pcs)
{
	if (id == 0 || id > NSTACKS || !stacks)
		return 0;
	struct diag_stack *s = &stacks[id - 1];
	if (!fx_load_acquire(&s->ready))
		return 0;
	*pcs = s->pcs;
	return (int)s->depth;
}

/* ------------------------------------------------------------ symbols */
/* Used only between diag_report_begin and diag_report_end, which
 * serialize every report: the cache needs no lock of its own. */

#define NSYMS 4096
struct sym {
	uintptr_t pc;
	uintptr_t off;
	char name[112];
	char obj[40];
};
static struct sym *syms;

static void lookup_symbol(uintptr_t pc, struct sym *out)
{
	unw_context_t uc;
	unw_cursor_t c;
	unw_word_t off = 0;
	out->pc = pc;
	out->name[0] = out->obj[0] = 0;
	out->off = 0;
	/* A return address may be one past the end of its function (a call
	 * to a noreturn function): look up the call instruction instead. */
	if (unw_getcontext(&uc) == 0 && unw_init_local(&c, &uc) == 0 &&
	    unw_set_reg(&c, UNW_REG_IP, (unw_word_t)(pc - 1)) == 0 &&
	    unw_get_proc_name(&c, out->name, sizeof out->name, &off) == 0) {
		out->off = (uintptr_t)off + 1;
		/* In a stripped object the name is the nearest exported
		 * symbol before pc, which may be another function: keep it
		 * only if it starts where the unwind info says pc's function
		 * starts. */
		unw_proc_info_t pi;
		if (unw_get_proc_info(&c, &pi) == 0 &&
		    pi.start_ip != (unw_word_t)(pc - 1) - off)
			out->name[0] = 0;
	} else {
		out->name[0] = 0;
	}
	Dl_info info;
	if (dladdr((void *)(pc - 1), &info)) {
		if (info.dli_fname && info.dli_fname[0]) {
			const char *b = strrchr(info.dli_fname, '/');
			strlcpy(out->obj, b ? b + 1 : info.dli_fname,
				sizeof out->obj);
		}
		if (!out->name[0])
			out->off = pc - (uintptr_t)info.dli_fbase;
	}
}

void diag_symbolize(uintptr_t pc, char *buf, size_t len, int with_offset)
{
	struct sym local, *s = &local;
	if (!syms)
		syms = diag_map(NSYMS * sizeof *syms);
	if (syms) {
		s = &syms[(pc >> 2) % NSYMS];
		if (s->pc != pc) {
			diag_tls.in_diag++;
			lookup_symbol(pc, s);
			diag_tls.in_diag--;
		}
	} else {
		diag_tls.in_diag++;
		lookup_symbol(pc, s);
		diag_tls.in_diag--;
	}
	if (!with_offset) {
		if (s->name[0])
			snprintf(buf, len, "%s", s->name);
		else
			snprintf(buf, len, "[%s]", s->obj[0] ? s->obj : "unknown");
		return;
	}
	if (s->name[0])
		snprintf(buf, len, "%s+0x%lx (%s)", s->name,
			 (unsigned long)s->off, s->obj[0] ? s->obj : "?");
	else
		snprintf(buf, len, "0x%lx (%s+0x%lx)", (unsigned long)pc,
			 s->obj[0] ? s->obj : "?", (unsigned long)s->off);
}

void diag_print_stack(struct diag_out *o, uint32_t id, const char *indent)
{
	const uintptr_t *pcs;
	int n = diag_stack_frames(id, &pcs);
	char buf[200];
	if (n == 0) {
		diag_printf(o, "%s(no backtrace)\n", indent);
		return;
	}
	for (int i = 0; i < n; i++) {
		diag_symbolize(pcs[i], buf, sizeof buf, 1);
		diag_printf(o, "%s#%d %s\n", indent, i, buf);
	}
}
