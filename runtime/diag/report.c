/* FXPTHREAD_PROFILE reports: text (for a terminal), JSON, CSV, and
 * folded stacks for flamegraph.pl.  Written at exit (diag.c), or on
 * demand by fxpthread_diag_dump().
 *
 * The counters are read while other threads may still be updating them;
 * each is read once, whole (64-bit loads), so a report is a consistent
 * enough snapshot: a lock's numbers may be off by the acquisitions made
 * while the report was being written.
 */
#define _GNU_SOURCE
#include <bsd/stdlib.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "diag.h"

struct row {
	struct diag_lock *l;
	uint64_t wait, contended, acquisitions;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->wait != y->wait)
		return x->wait < y->wait ? 1 : -1;
	if (x->contended != y->contended)
		return x->contended < y->contended ? 1 : -1;
	if (x->acquisitions != y->acquisitions)
		return x->acquisitions < y->acquisitions ? 1 : -1;
	return 0;
}

struct snapshot {
	struct row *rows;
	size_t nrows;
	size_t map_bytes;
	uint64_t threads, acquisitions, contended, wait;
	uint32_t nkind[4];
};

static void take(struct snapshot *s)
{
	uint32_t n;
	const uint32_t *used = diag_table_used(&n);
	memset(s, 0, sizeof *s);
	s->map_bytes = ((size_t)n + 1) * sizeof *s->rows;
	s->rows = diag_map(s->map_bytes);
	for (uint32_t i = 0; i < n && s->rows; i++) {
		uint32_t idx = fx_load_acquire(&used[i]);
		if (!idx)
			continue;
		struct diag_lock *l = diag_lock_at(idx - 1);
		uint64_t acq = fx_load_relaxed(&l->acquisitions);
		if (!acq && !fx_load_relaxed(&l->signals) &&
		    !fx_load_relaxed(&l->broadcasts))
			continue;
		if (l->kind <= DIAG_COND)
			s->nkind[l->kind]++;
		s->rows[s->nrows++] = (struct row){
			l, fx_load_relaxed(&l->wait_total),
			fx_load_relaxed(&l->contended), acq
		};
	}
	if (s->rows)
		qsort(s->rows, s->nrows, sizeof *s->rows, row_cmp);
	uint32_t nt = diag_thread_count();
	s->threads = fx_load_relaxed(&diag_exited.threads);
	s->acquisitions = fx_load_relaxed(&diag_exited.acquisitions);
	s->contended = fx_load_relaxed(&diag_exited.contended);
	s->wait = fx_load_relaxed(&diag_exited.wait);
	for (uint32_t i = 0; i < nt; i++) {
		struct diag_thread *t = diag_thread_at(i);
		if (!fx_load_relaxed(&t->tid))
			continue;
		s->threads++;
		s->acquisitions += fx_load_relaxed(&t->acquisitions);
		s->contended += fx_load_relaxed(&t->contended);
		s->wait += fx_load_relaxed(&t->wait);
	}
}

static void release(struct snapshot *s)
{
	if (s->rows)
		munmap(s->rows, s->map_bytes);
}

/* The site with the most contended waits (ties: more wait time). */
static const struct diag_site *top_site(const struct diag_lock *l)
{
	const struct diag_site *best = 0;
	for (int i = 0; i < DIAG_SITES; i++) {
		const struct diag_site *s = &l->sites[i];
		if (!fx_load_relaxed(&s->stack))
			continue;
		if (!best || s->count > best->count ||
		    (s->count == best->count && s->wait > best->wait))
			best = s;
	}
	return best;
}

#define T(ticks) diag_ticks_to_ns(ticks)

static uint64_t per(uint64_t total, uint64_t n)
{
	return n ? total / n : 0;
}

static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* ---------------------------------------------------------------- text */

static void text_lock(struct diag_out *o, int rank, const struct row *r)
{
	const struct diag_lock *l = r->l;
	int cond = l->kind == DIAG_COND;
	diag_printf(o, "#%-3d %s %p%s\n", rank, diag_kind_name(l->kind),
		    (void *)l->addr,
		    l->key == DIAG_KEY_RETIRED ? "  (destroyed)" : "");
	if (cond) {
		diag_printf(o,
			    "     waits %lu   timeouts %lu   signals %lu   "
			    "broadcasts %lu\n",
			    (unsigned long)r->acquisitions,
			    (unsigned long)l->timeouts, (unsigned long)l->signals,
			    (unsigned long)l->broadcasts);
		diag_printf(o, "     wait   total ");
		diag_print_duration(o, T(r->wait));
		diag_printf(o, "   mean ");
		diag_print_duration(o, T(per(r->wait, r->acquisitions)));
	} else {
		diag_printf(o,
			    "     acquisitions %lu   contended %lu (%.1f%%)",
			    (unsigned long)r->acquisitions,
			    (unsigned long)r->contended,
			    percent(r->contended, r->acquisitions));
		if (l->timeouts)
			diag_printf(o, "   timeouts %lu",
				    (unsigned long)l->timeouts);
		diag_printf(o, "\n     wait   total ");
		diag_print_duration(o, T(r->wait));
		diag_printf(o, "   mean ");
		diag_print_duration(o, T(per(r->wait, r->contended)));
	}
	diag_printf(o, "   max ");
	diag_print_duration(o, T(l->wait_max));
	if (!cond && l->hold_count) {
		diag_printf(o, "\n     hold   mean ");
		diag_print_duration(o, T(per(l->hold_total, l->hold_count)));
		diag_printf(o, "   max ");
		diag_print_duration(o, T(l->hold_max));
		diag_printf(o, "   (%lu timed)", (unsigned long)l->hold_count);
	} else if (!cond) {
		diag_printf(o, "\n     hold   (none timed yet)");
	}
	diag_printf(o, "\n     first used at:\n");
	diag_print_stack(o, l->first_stack, "       ");
	const struct diag_site *s = top_site(l);
	if (s) {
		uint64_t all = cond ? r->acquisitions : r->contended;
		diag_printf(o, "     most frequent %s site: %lu of %lu %s, ",
			    cond ? "wait" : "contended", (unsigned long)s->count,
			    (unsigned long)all, cond ? "waits" : "contended");
		diag_print_duration(o, T(s->wait));
		diag_printf(o, " waiting:\n");
		diag_print_stack(o, s->stack, "       ");
	}
	diag_printf(o, "\n");
}

static void text_report(struct diag_out *o, const struct snapshot *s)
{
	uint64_t elapsed = diag_now() - diag_config.start_ns;
	diag_printf(o, "== fxpthread lock profile: %s (pid %d), ", getprogname(),
		    (int)getpid());
	diag_print_duration(o, elapsed);
	diag_printf(o, " ==\n");
	diag_printf(o,
		    "threads %lu   acquisitions %lu   contended %lu (%.2f%%)   "
		    "total wait ",
		    (unsigned long)s->threads, (unsigned long)s->acquisitions,
		    (unsigned long)s->contended,
		    percent(s->contended, s->acquisitions));
	diag_print_duration(o, T(s->wait));
	diag_printf(o, "\nobjects used: %u mutex, %u rwlock, %u cond",
		    s->nkind[DIAG_MUTEX], s->nkind[DIAG_RWLOCK],
		    s->nkind[DIAG_COND]);
	if (diag_untracked)
		diag_printf(o, " (+%lu not tracked: table full, see "
			       "FXPTHREAD_DIAG_LOCKS)",
			    (unsigned long)diag_untracked);
	if (diag_quiet.objects)
		diag_printf(o,
			    "\ndestroyed and never waited on (not listed): %lu "
			    "objects, %lu acquisitions",
			    (unsigned long)diag_quiet.objects,
			    (unsigned long)diag_quiet.acquisitions);
	size_t top = s->nrows < (size_t)diag_config.top ? s->nrows
							 : (size_t)diag_config.top;
	diag_printf(o, "\ntop %zu of %zu by total wait time:\n\n", top, s->nrows);
	for (size_t i = 0; i < top; i++)
		text_lock(o, (int)i + 1, &s->rows[i]);
}

/* ------------------------------------------------------- json and csv */

static void json_string(struct diag_out *o, const char *str)
{
	diag_printf(o, "\"");
	for (const char *p = str; *p; p++) {
		if (*p == '"' || *p == '\\')
			diag_printf(o, "\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			diag_printf(o, "\\u%04x", (unsigned)(unsigned char)*p);
		else
			diag_printf(o, "%c", *p);
	}
	diag_printf(o, "\"");
}

static void json_stack(struct diag_out *o, uint32_t id)
{
	const uintptr_t *pcs;
	char buf[200];
	int n = diag_stack_frames(id, &pcs);
	diag_printf(o, "[");
	for (int i = 0; i < n; i++) {
		diag_symbolize(pcs[i], buf, sizeof buf, 1);
		if (i)
			diag_printf(o, ", ");
		json_string(o, buf);
	}
	diag_printf(o, "]");
}

static void json_report(struct diag_out *o, const struct snapshot *s)
{
	diag_printf(o, "{\"program\": ");
	json_string(o, getprogname());
	diag_printf(o,
		    ", \"pid\": %d, \"duration_ns\": %lu, \"threads\": %lu, "
		    "\"acquisitions\": %lu, \"contended\": %lu, "
		    "\"wait_ns\": %lu, \"untracked\": %lu, "
		    "\"destroyed_quiet_objects\": %lu, "
		    "\"destroyed_quiet_acquisitions\": %lu,\n \"locks\": [",
		    (int)getpid(),
		    (unsigned long)(diag_now() - diag_config.start_ns),
		    (unsigned long)s->threads, (unsigned long)s->acquisitions,
		    (unsigned long)s->contended, (unsigned long)T(s->wait),
		    (unsigned long)diag_untracked,
		    (unsigned long)diag_quiet.objects,
		    (unsigned long)diag_quiet.acquisitions);
	size_t top = s->nrows < (size_t)diag_config.top ? s->nrows
							 : (size_t)diag_config.top;
	for (size_t i = 0; i < top; i++) {
		const struct row *r = &s->rows[i];
		const struct diag_lock *l = r->l;
		int cond = l->kind == DIAG_COND;
		diag_printf(o,
			    "%s\n  {\"rank\": %zu, \"kind\": \"%s\", "
			    "\"address\": \"%p\", \"destroyed\": %s, "
			    "\"acquisitions\": %lu, \"contended\": %lu, "
			    "\"timeouts\": %lu, \"wait_total_ns\": %lu, "
			    "\"wait_mean_ns\": %lu, \"wait_max_ns\": %lu, "
			    "\"hold_mean_ns\": %lu, \"hold_max_ns\": %lu, "
			    "\"hold_timed\": %lu, "
			    "\"signals\": %lu, \"broadcasts\": %lu,\n   "
			    "\"first_use\": ",
			    i ? "," : "", i + 1, diag_kind_name(l->kind),
			    (void *)l->addr,
			    l->key == DIAG_KEY_RETIRED ? "true" : "false",
			    (unsigned long)r->acquisitions,
			    (unsigned long)r->contended,
			    (unsigned long)l->timeouts, (unsigned long)T(r->wait),
			    (unsigned long)T(per(r->wait, cond ? r->acquisitions
							       : r->contended)),
			    (unsigned long)T(l->wait_max),
			    (unsigned long)T(per(l->hold_total, l->hold_count)),
			    (unsigned long)T(l->hold_max),
			    (unsigned long)l->hold_count,
			    (unsigned long)l->signals,
			    (unsigned long)l->broadcasts);
		json_stack(o, l->first_stack);
		const struct diag_site *site = top_site(l);
		if (site) {
			diag_printf(o,
				    ",\n   \"top_site\": {\"count\": %lu, "
				    "\"wait_ns\": %lu, \"stack\": ",
				    (unsigned long)site->count,
				    (unsigned long)T(site->wait));
			json_stack(o, site->stack);
			diag_printf(o, "}");
		}
		diag_printf(o, "}");
	}
	diag_printf(o, "\n]}\n");
}

static void csv_stack(struct diag_out *o, uint32_t id)
{
	const uintptr_t *pcs;
	char buf[200];
	int n = diag_stack_frames(id, &pcs);
	diag_printf(o, "\"");
	for (int i = 0; i < n; i++) {
		diag_symbolize(pcs[i], buf, sizeof buf, 1);
		if (i)
			diag_printf(o, " | ");
		for (const char *p = buf; *p; p++)
			diag_printf(o, *p == '"' ? "\"\"" : "%c", *p);
	}
	diag_printf(o, "\"");
}

static void csv_report(struct diag_out *o, const struct snapshot *s)
{
	diag_printf(o, "rank,kind,address,destroyed,acquisitions,contended,"
		       "timeouts,wait_total_ns,wait_mean_ns,wait_max_ns,"
		       "hold_mean_ns,hold_max_ns,signals,broadcasts,first_use,"
		       "top_site_count,top_site_wait_ns,top_site\n");
	size_t top = s->nrows < (size_t)diag_config.top ? s->nrows
							 : (size_t)diag_config.top;
	for (size_t i = 0; i < top; i++) {
		const struct row *r = &s->rows[i];
		const struct diag_lock *l = r->l;
		int cond = l->kind == DIAG_COND;
		diag_printf(o, "%zu,%s,%p,%d,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,",
			    i + 1, diag_kind_name(l->kind), (void *)l->addr,
			    l->key == DIAG_KEY_RETIRED,
			    (unsigned long)r->acquisitions,
			    (unsigned long)r->contended,
			    (unsigned long)l->timeouts, (unsigned long)T(r->wait),
			    (unsigned long)T(per(r->wait, cond ? r->acquisitions
							       : r->contended)),
			    (unsigned long)T(l->wait_max),
			    (unsigned long)T(per(l->hold_total, l->hold_count)),
			    (unsigned long)T(l->hold_max),
			    (unsigned long)l->signals,
			    (unsigned long)l->broadcasts);
		csv_stack(o, l->first_stack);
		const struct diag_site *site = top_site(l);
		if (site) {
			diag_printf(o, ",%lu,%lu,", (unsigned long)site->count,
				    (unsigned long)T(site->wait));
			csv_stack(o, site->stack);
		} else {
			diag_printf(o, ",0,0,\"\"");
		}
		diag_printf(o, "\n");
	}
}

void diag_profile_report(int fd, enum diag_format fmt)
{
	struct snapshot s;
	struct diag_out o;
	diag_report_begin();
	take(&s);
	diag_out_init(&o, fd);
	switch (fmt) {
	case DIAG_FMT_JSON: json_report(&o, &s); break;
	case DIAG_FMT_CSV: csv_report(&o, &s); break;
	default: text_report(&o, &s); break;
	}
	diag_flush(&o);
	release(&s);
	diag_report_end();
}

/* -------------------------------------------------------------- folded */

/* One line per (lock, contended call site): the call site's frames from
 * the outermost in, then the lock, then the wait in nanoseconds; the
 * format of stackcollapse-*.pl, which flamegraph.pl reads.  Locks only:
 * time blocked in a condvar wait is waiting for work, not contention. */
void diag_folded_write(int fd)
{
	struct snapshot s;
	struct diag_out o;
	char buf[200];
	diag_report_begin();
	take(&s);
	diag_out_init(&o, fd);
	for (size_t i = 0; i < s.nrows; i++) {
		const struct diag_lock *l = s.rows[i].l;
		if (l->kind == DIAG_COND)
			continue;
		for (int j = 0; j < DIAG_SITES; j++) {
			const struct diag_site *site = &l->sites[j];
			const uintptr_t *pcs;
			if (!site->stack || !site->wait)
				continue;
			int n = diag_stack_frames(site->stack, &pcs);
			for (int k = n - 1; k >= 0; k--) {
				diag_symbolize(pcs[k], buf, sizeof buf, 0);
				for (char *p = buf; *p; p++)
					if (*p == ';' || *p == ' ')
						*p = '_';
				diag_printf(&o, "%s;", buf);
			}
			diag_printf(&o, "%s@%p %lu\n", diag_kind_name(l->kind),
				    (void *)l->addr, (unsigned long)T(site->wait));
		}
		if (l->other_wait)
			diag_printf(&o, "[other_call_sites];%s@%p %lu\n",
				    diag_kind_name(l->kind), (void *)l->addr,
				    (unsigned long)T(l->other_wait));
	}
	diag_flush(&o);
	release(&s);
	diag_report_end();
}

/* ------------------------------------------------------------- at exit */

/* FXPTHREAD_PROFILE_FILE with %p replaced by the pid; a fork child that
 * was given no %p writes to NAME.PID so it does not overwrite its
 * parent's report. */
static int open_output(const char *pattern, int is_child)
{
	char path[4096];
	size_t n = 0;
	int had_pid = 0;
	for (const char *p = pattern; *p && n + 16 < sizeof path; p++) {
		if (p[0] == '%' && p[1] == 'p') {
			n += (size_t)snprintf(path + n, sizeof path - n, "%d",
					      (int)getpid());
			p++;
			had_pid = 1;
		} else {
			path[n++] = *p;
		}
	}
	path[n] = 0;
	if (is_child && !had_pid)
		snprintf(path + n, sizeof path - n, ".%d", (int)getpid());
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/* A process that never locked anything writes nothing: a shell or a
 * tool such as timeout(1) between the user and the program inherits the
 * preload too, and its empty report would only be noise (or overwrite
 * the program's FXPTHREAD_PROFILE_FILE).  A fork child reports only what
 * it did after fork(). */
void diag_profile_at_exit(void)
{
	int is_child = getpid() != diag_config.pid0;
	struct snapshot s;
	take(&s);
	uint64_t acq = s.acquisitions;
	release(&s);
	if (!acq && !diag_quiet.acquisitions)
		return;
	int fd = 2;
	if (diag_config.file) {
		fd = open_output(diag_config.file, is_child);
		if (fd < 0) {
			static const char msg[] = "fxpthread-diag: cannot open "
						  "FXPTHREAD_PROFILE_FILE\n";
			(void)!write(2, msg, sizeof msg - 1);
			fd = 2;
		}
	}
	diag_profile_report(fd, diag_config.format);
	if (fd != 2)
		close(fd);
	if (diag_config.folded) {
		fd = open_output(diag_config.folded, is_child);
		if (fd >= 0) {
			diag_folded_write(fd);
			close(fd);
		}
	}
}
