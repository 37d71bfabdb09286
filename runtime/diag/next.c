/* Finding the core's definitions.
 *
 * Each name is looked up with dlsym(RTLD_NEXT, name), the next definition
 * after this library in the global scope: libfxpthread when it is
 * preloaded right behind us (fxrun does that).  A definition that does
 * not live in the core (the diagnostics library was preloaded alone, so
 * libc sits between us and the core) is replaced by the core's own, taken
 * from the core's handle.
 *
 * dlsym can take the loader's lock and, on some paths, allocate.  glibc's
 * own malloc does not come back to us, but an interposed malloc may lock
 * a pthread mutex: our wrapper, whose entry still points at a stub, would
 * resolve again from inside the first resolution.  A thread that re-enters
 * finds the names in the core's dynamic symbol table itself (elf.c: no
 * lock, no allocation).  Every pointer is written whole, with the same
 * value by whoever resolves, so concurrent first calls need no lock.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag.h"

/* A stub per entry: resolve everything, then call the real entry. */
#define DIAG_STUB(ret, name, params, args)                                     \
	static ret stub_##name params                                          \
	{                                                                      \
		diag_resolve();                                                \
		return diag_next.name args;                                    \
	}
DIAG_WRAPPED(DIAG_STUB)
DIAG_CHECKED(DIAG_STUB)
DIAG_FORWARDED(DIAG_STUB)
#undef DIAG_STUB

#define DIAG_STUB_INIT(ret, name, params, args) .name = stub_##name,
struct diag_next diag_next = {
	DIAG_WRAPPED(DIAG_STUB_INIT) DIAG_CHECKED(DIAG_STUB_INIT)
	DIAG_FORWARDED(DIAG_STUB_INIT)
};
#undef DIAG_STUB_INIT

struct slot {
	const char *name;
	void **ptr;
};
#define DIAG_SLOT(ret, name, params, args) { #name, (void **)&diag_next.name },
static const struct slot slots[] = {
	DIAG_WRAPPED(DIAG_SLOT) DIAG_CHECKED(DIAG_SLOT) DIAG_FORWARDED(DIAG_SLOT)
};
#undef DIAG_SLOT

static __thread int resolving __attribute__((tls_model("initial-exec")));
static int resolved; /* 1 once every slot holds the core's definition */
static int force_elf; /* FXPTHREAD_DIAG_RESOLVE=elf (tests) */

static __attribute__((noreturn)) void resolve_failed(const char *name)
{
	static const char a[] = "fxpthread-diag: cannot find libfxpthread's ";
	static const char b[] = " (preload libfxpthread.so behind "
				"libfxpthread-diag.so)\n";
	(void)!write(2, a, sizeof a - 1);
	(void)!write(2, name, strlen(name));
	(void)!write(2, b, sizeof b - 1);
	abort();
}

static void resolve_by_elf(void)
{
	for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
		void *p = diag_elf_lookup(slots[i].name);
		if (!p)
			resolve_failed(slots[i].name);
		__atomic_store_n(slots[i].ptr, p, __ATOMIC_RELEASE);
	}
}

static void resolve_by_dlsym(void)
{
	/* fxpthread_active exists in the core only: it names the core. */
	void *marker = dlsym(RTLD_NEXT, "fxpthread_active");
	Dl_info core;
	if (!marker || !dladdr(marker, &core))
		resolve_failed("fxpthread_active");
	void *handle = 0;
	for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
		void *p = dlsym(RTLD_NEXT, slots[i].name);
		Dl_info where;
		if (!p || !dladdr(p, &where) || where.dli_fbase != core.dli_fbase) {
			if (!handle)
				handle = dlopen(core.dli_fname,
						RTLD_LAZY | RTLD_NOLOAD);
			p = handle ? dlsym(handle, slots[i].name) : 0;
		}
		if (!p)
			resolve_failed(slots[i].name);
		__atomic_store_n(slots[i].ptr, p, __ATOMIC_RELEASE);
	}
}

void diag_resolve(void)
{
	if (__atomic_load_n(&resolved, __ATOMIC_ACQUIRE))
		return;
	if (resolving || force_elf) {
		/* Re-entered from inside dlsym, or asked for by a test. */
		resolve_by_elf();
	} else {
		resolving = 1;
		resolve_by_dlsym();
		resolving = 0;
	}
	__atomic_store_n(&resolved, 1, __ATOMIC_RELEASE);
}

/* Runs before the main constructor of the library (diag.c), so that the
 * names are resolved before any feature is switched on. */
__attribute__((constructor(101))) static void diag_resolve_early(void)
{
	const char *s = getenv("FXPTHREAD_DIAG_RESOLVE");
	force_elf = s && strcmp(s, "elf") == 0;
	diag_resolve();
}
