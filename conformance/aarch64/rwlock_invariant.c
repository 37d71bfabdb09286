/* Reader-writer lock invariant: writers keep a == b (plain longs, written
 * one after the other with a pause in between); readers check a == b
 * under the read lock.  Writer totals must be exact.  Runs for the
 * default kind (prefer reader) and PREFER_WRITER_NONRECURSIVE_NP, with
 * some operations through the timed and try entry points.  A missed wake
 * of a sleeping reader or writer hangs (watchdog).  Holders count how
 * often they saw sleepers announced in fxpthread's words (READERS_WAITING
 * in the state, nwwait > 0; docs/rwlock.md), which shows the sleeping
 * paths ran.
 */
#include "stress.h"
#include <time.h>

#define NREAD 3
#define NWRITE 2

struct shared {
	pthread_rwlock_t rw;
	long iters;
	volatile long a, b;
	long reads[NREAD];
	long rsleep[NREAD + NWRITE]; /* holder saw READERS_WAITING */
	long wsleep[NREAD + NWRITE]; /* holder saw writers waiting */
};

/* fxpthread's state word and writer count (docs/layout.md#rwlock). */
static void observe(struct shared *s, int slot)
{
	unsigned *w = (unsigned *)&s->rw;
	if (__atomic_load_n(&w[0], __ATOMIC_RELAXED) & 0x40000000u)
		s->rsleep[slot]++;
	if (__atomic_load_n(&w[2], __ATOMIC_RELAXED) != 0)
		s->wsleep[slot]++;
}

struct arg {
	struct shared *s;
	int id;
};

static struct timespec soon(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 60;
	return ts;
}

static void *writer(void *p)
{
	struct arg *x = p;
	struct shared *s = x->s;
	for (long i = 0; i < s->iters; i++) {
		if (i % 3 == 1) {
			struct timespec ts = soon();
			OK(pthread_rwlock_timedwrlock(&s->rw, &ts));
		} else if (i % 7 == 3) {
			int r;
			while ((r = pthread_rwlock_trywrlock(&s->rw)) == EBUSY)
				sched_yield();
			CHECK(r == 0, "trywrlock: %s", strerror(r));
		} else {
			OK(pthread_rwlock_wrlock(&s->rw));
		}
		CHECK(s->a == s->b, "writer saw a=%ld b=%ld", s->a, s->b);
		s->a++;
		for (int k = 0; k < 200; k++)
			__asm__ __volatile__("" ::: "memory");
		s->b++;
		observe(s, NREAD + x->id);
		OK(pthread_rwlock_unlock(&s->rw));
	}
	return 0;
}

static void *reader(void *p)
{
	struct arg *x = p;
	struct shared *s = x->s;
	for (long i = 0; i < s->iters * 2; i++) {
		if (i % 4 == 1) {
			struct timespec ts = soon();
			OK(pthread_rwlock_timedrdlock(&s->rw, &ts));
		} else if (i % 9 == 5) {
			int r;
			while ((r = pthread_rwlock_tryrdlock(&s->rw)) == EBUSY)
				sched_yield();
			CHECK(r == 0, "tryrdlock: %s", strerror(r));
		} else {
			OK(pthread_rwlock_rdlock(&s->rw));
		}
		long a = s->a;
		for (int k = 0; k < 50; k++)
			__asm__ __volatile__("" ::: "memory");
		long b = s->b;
		CHECK(a == b, "reader %d saw a=%ld b=%ld", x->id, a, b);
		observe(s, x->id);
		s->reads[x->id]++;
		OK(pthread_rwlock_unlock(&s->rw));
	}
	return 0;
}

static void run(const char *name, int kind)
{
	struct shared s = { .iters = stress_scale(5000) };
	pthread_rwlockattr_t a;
	OK(pthread_rwlockattr_init(&a));
	OK(pthread_rwlockattr_setkind_np(&a, kind));
	OK(pthread_rwlock_init(&s.rw, &a));
	OK(pthread_rwlockattr_destroy(&a));

	pthread_t t[NREAD + NWRITE];
	struct arg args[NREAD + NWRITE];
	for (int i = 0; i < NREAD + NWRITE; i++) {
		args[i] = (struct arg){ .s = &s, .id = i < NREAD ? i : i - NREAD };
		spawn(&t[i], i < NREAD ? reader : writer, &args[i]);
	}
	for (int i = 0; i < NREAD + NWRITE; i++)
		OK(pthread_join(t[i], 0));
	CHECK(s.a == NWRITE * s.iters && s.b == s.a,
	      "%s: writer total %ld/%ld, expected %ld", name, s.a, s.b,
	      NWRITE * s.iters);
	long reads = 0, rsleep = 0, wsleep = 0;
	for (int i = 0; i < NREAD; i++)
		reads += s.reads[i];
	for (int i = 0; i < NREAD + NWRITE; i++) {
		rsleep += s.rsleep[i];
		wsleep += s.wsleep[i];
	}
	CHECK(reads == NREAD * 2 * s.iters, "%s: %ld reads", name, reads);
	OK(pthread_rwlock_destroy(&s.rw));
	printf("ok: %-26s %d writers x %ld, %d readers x %ld "
	       "(sleepers seen: readers %ld, writers %ld)\n",
	       name, NWRITE, s.iters, NREAD, 2 * s.iters, rsleep, wsleep);
}

int main(void)
{
	stress_begin("rwlock_invariant", 120);
	run("prefer reader", PTHREAD_RWLOCK_PREFER_READER_NP);
	run("prefer writer nonrecursive",
	    PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	return 0;
}
