/* The premise of the whole suite: this executable's synchronization calls
 * reach libfxpthread, not glibc.  Each entry point's address, as the
 * executable sees it and as the dynamic linker's global scope answers it,
 * must lie inside libfxpthread; otherwise every other unit test could be
 * passing on glibc's implementation. */
#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include <threads.h>
#include "fxpthread.h"
#include "unit.h"

TestSuite(binding, .timeout = 30);

struct entry {
	const char *name;
	void *addr; /* the address this executable uses for `name` */
};

#define E(f) { #f, (void *)(f) }

static int in_libfxpthread(const void *addr, const char **where)
{
	Dl_info info;
	if (!dladdr(addr, &info) || !info.dli_fname) {
		*where = "(unknown object)";
		return 0;
	}
	*where = info.dli_fname;
	return strstr(info.dli_fname, "libfxpthread") != 0;
}

/* Both views must agree: the executable's own reference and a lookup in
 * the global scope (what a library loaded later would bind to). */
static void check_entries(const struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *where;
		cr_assert(in_libfxpthread(e[i].addr, &where),
			  "%s is bound to %s, not libfxpthread", e[i].name,
			  where);
		void *global = dlsym(RTLD_DEFAULT, e[i].name);
		cr_assert_not_null(global, "dlsym(%s) found nothing", e[i].name);
		cr_assert(in_libfxpthread(global, &where),
			  "global scope resolves %s to %s", e[i].name, where);
		cr_assert_eq(global, e[i].addr,
			     "%s: the executable and the global scope disagree",
			     e[i].name);
	}
}

#define CHECK(...)                                                           \
	do {                                                                 \
		const struct entry e_[] = { __VA_ARGS__ };                   \
		check_entries(e_, sizeof e_ / sizeof e_[0]);                 \
	} while (0)

Test(binding, mutex_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(pthread_mutex_init), E(pthread_mutex_destroy),
	      E(pthread_mutex_lock), E(pthread_mutex_trylock),
	      E(pthread_mutex_unlock), E(pthread_mutex_timedlock),
	      E(pthread_mutex_clocklock), E(pthread_mutex_consistent),
	      E(pthread_mutex_getprioceiling), E(pthread_mutex_setprioceiling));
}

Test(binding, mutexattr_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(pthread_mutexattr_init), E(pthread_mutexattr_destroy),
	      E(pthread_mutexattr_settype), E(pthread_mutexattr_gettype),
	      E(pthread_mutexattr_setpshared), E(pthread_mutexattr_getpshared),
	      E(pthread_mutexattr_setrobust), E(pthread_mutexattr_getrobust),
	      E(pthread_mutexattr_setprotocol),
	      E(pthread_mutexattr_getprotocol),
	      E(pthread_mutexattr_setprioceiling),
	      E(pthread_mutexattr_getprioceiling));
}

Test(binding, cond_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(pthread_cond_init), E(pthread_cond_destroy),
	      E(pthread_cond_signal), E(pthread_cond_broadcast),
	      E(pthread_cond_wait), E(pthread_cond_timedwait),
	      E(pthread_cond_clockwait), E(pthread_condattr_init),
	      E(pthread_condattr_destroy), E(pthread_condattr_setpshared),
	      E(pthread_condattr_getpshared), E(pthread_condattr_setclock),
	      E(pthread_condattr_getclock));
}

Test(binding, rwlock_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(pthread_rwlock_init), E(pthread_rwlock_destroy),
	      E(pthread_rwlock_rdlock), E(pthread_rwlock_wrlock),
	      E(pthread_rwlock_tryrdlock), E(pthread_rwlock_trywrlock),
	      E(pthread_rwlock_timedrdlock), E(pthread_rwlock_timedwrlock),
	      E(pthread_rwlock_clockrdlock), E(pthread_rwlock_clockwrlock),
	      E(pthread_rwlock_unlock), E(pthread_rwlockattr_init),
	      E(pthread_rwlockattr_destroy), E(pthread_rwlockattr_setkind_np),
	      E(pthread_rwlockattr_getkind_np),
	      E(pthread_rwlockattr_setpshared),
	      E(pthread_rwlockattr_getpshared));
}

Test(binding, barrier_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(pthread_barrier_init), E(pthread_barrier_destroy),
	      E(pthread_barrier_wait), E(pthread_barrierattr_init),
	      E(pthread_barrierattr_destroy), E(pthread_barrierattr_setpshared),
	      E(pthread_barrierattr_getpshared));
}

Test(binding, spin_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(pthread_spin_init), E(pthread_spin_destroy),
	      E(pthread_spin_lock), E(pthread_spin_trylock),
	      E(pthread_spin_unlock));
}

Test(binding, c11_entry_points_resolve_to_libfxpthread)
{
	CHECK(E(mtx_init), E(mtx_destroy), E(mtx_lock), E(mtx_trylock),
	      E(mtx_timedlock), E(mtx_unlock), E(cnd_init), E(cnd_destroy),
	      E(cnd_signal), E(cnd_broadcast), E(cnd_wait), E(cnd_timedwait));
}

/* Names some binaries call directly although no header declares them. */
Test(binding, glibc_alias_names_resolve_to_libfxpthread)
{
	static const char *const names[] = {
		"__pthread_mutex_init", "__pthread_mutex_destroy",
		"__pthread_mutex_lock", "__pthread_mutex_trylock",
		"__pthread_mutex_unlock", "__pthread_mutexattr_init",
		"__pthread_mutexattr_destroy", "__pthread_mutexattr_settype",
		"__pthread_rwlock_init", "__pthread_rwlock_destroy",
		"__pthread_rwlock_rdlock", "__pthread_rwlock_wrlock",
		"__pthread_rwlock_tryrdlock", "__pthread_rwlock_trywrlock",
		"__pthread_rwlock_unlock", "pthread_mutex_consistent_np",
		"pthread_mutexattr_setrobust_np",
		"pthread_mutexattr_getrobust_np",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *where;
		void *p = dlsym(RTLD_DEFAULT, names[i]);
		cr_assert_not_null(p, "dlsym(%s) found nothing", names[i]);
		cr_assert(in_libfxpthread(p, &where), "%s resolves to %s",
			  names[i], where);
	}
}

struct order {
	int index, fx, libc;
};

static int note_object(struct dl_phdr_info *info, size_t size, void *p)
{
	struct order *o = p;
	if (strstr(info->dlpi_name, "libfxpthread") && o->fx < 0)
		o->fx = o->index;
	if (strstr(info->dlpi_name, "/libc.so") && o->libc < 0)
		o->libc = o->index;
	o->index++;
	return 0;
}

/* Symbol lookup walks the loaded objects in load order. */
Test(binding, libfxpthread_is_searched_before_libc)
{
	struct order o = { 0, -1, -1 };
	dl_iterate_phdr(note_object, &o);
	cr_assert_geq(o.fx, 0, "libfxpthread is not loaded");
	cr_assert_geq(o.libc, 0, "libc is not loaded");
	cr_assert_lt(o.fx, o.libc, "libfxpthread (#%d) comes after libc (#%d)",
		     o.fx, o.libc);
}

Test(binding, library_reports_itself_active)
{
	const char *where;
	cr_assert_neq(fxpthread_active(), 0);
	cr_assert(in_libfxpthread((void *)fxpthread_active, &where));
	const char *v = fxpthread_version();
	cr_assert_not_null(v);
	cr_assert_eq(strncmp(v, "fxpthread ", 10), 0, "version string \"%s\"",
		     v);
}
