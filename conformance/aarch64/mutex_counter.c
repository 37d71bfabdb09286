/* Mutex counter: NTHREADS threads each add ITERS times to two counters
 * under one mutex; the totals must be exact and the two counters equal at
 * every lock (a torn critical section would show as a difference).
 *
 * Runs once per kind: NORMAL (the 0/1/2 fast path), ADAPTIVE_NP,
 * ERRORCHECK, RECURSIVE (each increment nested two deep), and NORMAL
 * through pthread_mutex_timedlock and pthread_mutex_trylock loops.  The
 * counters are plain, not atomic: only the lock's acquire/release orders
 * make the totals exact on a weakly ordered CPU.  The critical section is
 * stretched a little so that lockers really queue in the kernel; the
 * program counts how often the holder saw its word marked for sleepers
 * (2, or 6 with a hand-off request, in fxpthread's 0/1/2 word,
 * docs/mutex.md), which shows the sleeping path ran.
 */
#include "stress.h"
#include <time.h>

#define NTHREADS 4

enum how { LOCK, TIMEDLOCK, TRYLOCK };

struct shared {
	pthread_mutex_t m;
	int recursive;
	enum how how;
	long iters;
	long a, b; /* plain: protected by m only */
	long contended;	/* holder saw the word marked for sleepers */
};

static unsigned word_of(pthread_mutex_t *m)
{
	return __atomic_load_n((unsigned *)m, __ATOMIC_RELAXED);
}

static void take(struct shared *s)
{
	if (s->how == LOCK) {
		OK(pthread_mutex_lock(&s->m));
	} else if (s->how == TIMEDLOCK) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 60;
		OK(pthread_mutex_timedlock(&s->m, &ts));
	} else {
		int r;
		while ((r = pthread_mutex_trylock(&s->m)) == EBUSY)
			sched_yield();
		CHECK(r == 0, "trylock: %s", strerror(r));
	}
}

static void *worker(void *arg)
{
	struct shared *s = arg;
	for (long i = 0; i < s->iters; i++) {
		take(s);
		if (s->recursive)
			OK(pthread_mutex_lock(&s->m));
		CHECK(s->a == s->b, "torn critical section: a=%ld b=%ld", s->a,
		      s->b);
		s->a++;
		for (int k = 0; k < 64; k++)
			__asm__ __volatile__("" ::: "memory");
		s->b++;
		if (word_of(&s->m) >= 2)
			s->contended++;
		if (s->recursive)
			OK(pthread_mutex_unlock(&s->m));
		OK(pthread_mutex_unlock(&s->m));
	}
	return 0;
}

static void run(const char *name, int type, enum how how, long iters)
{
	struct shared s = { .recursive = type == PTHREAD_MUTEX_RECURSIVE,
			    .how = how,
			    .iters = iters };
	pthread_mutexattr_t a;
	OK(pthread_mutexattr_init(&a));
	OK(pthread_mutexattr_settype(&a, type));
	OK(pthread_mutex_init(&s.m, &a));
	OK(pthread_mutexattr_destroy(&a));

	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		spawn(&t[i], worker, &s);
	for (int i = 0; i < NTHREADS; i++)
		OK(pthread_join(t[i], 0));

	CHECK(s.a == NTHREADS * iters && s.b == s.a,
	      "%s: total %ld/%ld, expected %ld", name, s.a, s.b,
	      NTHREADS * iters);
	if (type == PTHREAD_MUTEX_ERRORCHECK) {
		/* Unlock by a non-owner and relock by the owner are refused. */
		OK(pthread_mutex_lock(&s.m));
		CHECK(pthread_mutex_lock(&s.m) == EDEADLK, "relock not EDEADLK");
		OK(pthread_mutex_unlock(&s.m));
		CHECK(pthread_mutex_unlock(&s.m) == EPERM, "unlock not EPERM");
	}
	OK(pthread_mutex_destroy(&s.m));
	printf("ok: %-22s %d threads x %ld = %ld (sleepers marked %ld times)\n",
	       name, NTHREADS, iters, s.a, s.contended);
}

int main(void)
{
	stress_begin("mutex_counter", 90);
	long n = stress_scale(20000);
	run("normal lock", PTHREAD_MUTEX_NORMAL, LOCK, n);
	run("adaptive lock", PTHREAD_MUTEX_ADAPTIVE_NP, LOCK, n);
	run("errorcheck lock", PTHREAD_MUTEX_ERRORCHECK, LOCK, n);
	run("recursive lock", PTHREAD_MUTEX_RECURSIVE, LOCK, n / 2);
	run("normal timedlock", PTHREAD_MUTEX_NORMAL, TIMEDLOCK, n / 2);
	run("normal trylock", PTHREAD_MUTEX_NORMAL, TRYLOCK, n / 4);
	return 0;
}
