/* One misuse per run, chosen by argv[1].  Each is undefined behaviour
 * that the core lets pass silently (or hangs on); with FXPTHREAD_CHECK=1
 * each must end in a message on stderr and abort().  The expected message
 * for each is in check-misuse.sh.  Without FXPTHREAD_CHECK the program is
 * never run: several of these would hang or corrupt memory. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int waiting;

__attribute__((noinline)) static void unlock_unlocked(void)
{
	pthread_mutex_unlock(&m);
}

static void *lock_and_keep(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	return 0;
}

__attribute__((noinline)) static void unlock_other_owner(void)
{
	pthread_t t;
	/* 1. another thread locks m and exits holding it */
	pthread_create(&t, 0, lock_and_keep, 0);
	pthread_join(t, 0);
	/* 2. we unlock it */
	pthread_mutex_unlock(&m);
}

__attribute__((noinline)) static void destroy_locked(void)
{
	pthread_mutex_lock(&m);
	pthread_mutex_destroy(&m);
}

/* Waits on c with m until told to stop (never, in these scenarios). */
static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	waiting = 1;
	while (waiting)
		pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return 0;
}

/* Returns once the waiter is blocked in pthread_cond_wait: it sets
 * `waiting` under m and releases m only by waiting. */
static void start_waiter(void)
{
	pthread_t t;
	pthread_create(&t, 0, waiter, 0);
	for (;;) {
		pthread_mutex_lock(&m);
		int w = waiting;
		pthread_mutex_unlock(&m);
		if (w)
			return;
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, 0);
	}
}

__attribute__((noinline)) static void destroy_cond_with_waiter(void)
{
	start_waiter();
	pthread_cond_destroy(&c);
}

__attribute__((noinline)) static void wait_with_two_mutexes(void)
{
	start_waiter();
	struct timespec abs;
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_sec += 1;
	pthread_mutex_lock(&m2);
	pthread_cond_timedwait(&c, &m2, &abs);
}

__attribute__((noinline)) static void lock_uninitialized(void)
{
	pthread_mutex_t *garbage = malloc(sizeof *garbage);
	memset(garbage, 0xab, sizeof *garbage);
	pthread_mutex_lock(garbage);
}

__attribute__((noinline)) static void lock_destroyed(void)
{
	pthread_mutex_t *dyn = malloc(sizeof *dyn);
	pthread_mutex_init(dyn, 0);
	pthread_mutex_destroy(dyn);
	pthread_mutex_lock(dyn);
}

__attribute__((noinline)) static void signal_destroyed_cond(void)
{
	pthread_cond_t dyn;
	pthread_cond_init(&dyn, 0);
	pthread_cond_destroy(&dyn);
	pthread_cond_signal(&dyn);
}

__attribute__((noinline)) static void rdlock_destroyed_rwlock(void)
{
	pthread_rwlock_t dyn;
	pthread_rwlock_init(&dyn, 0);
	pthread_rwlock_destroy(&dyn);
	pthread_rwlock_rdlock(&dyn);
}

__attribute__((noinline)) static void unlock_unlocked_rwlock(void)
{
	pthread_rwlock_unlock(&rw);
}

__attribute__((noinline)) static void wait_without_mutex(void)
{
	struct timespec abs = { 0, 0 }; /* already past: would return */
	pthread_cond_timedwait(&c, &m, &abs);
}

static const struct {
	const char *name;
	void (*run)(void);
} cases[] = {
	{ "unlock_unlocked", unlock_unlocked },
	{ "unlock_other_owner", unlock_other_owner },
	{ "destroy_locked", destroy_locked },
	{ "destroy_cond_with_waiter", destroy_cond_with_waiter },
	{ "wait_with_two_mutexes", wait_with_two_mutexes },
	{ "lock_uninitialized", lock_uninitialized },
	{ "lock_destroyed", lock_destroyed },
	{ "signal_destroyed_cond", signal_destroyed_cond },
	{ "rdlock_destroyed_rwlock", rdlock_destroyed_rwlock },
	{ "unlock_unlocked_rwlock", unlock_unlocked_rwlock },
	{ "wait_without_mutex", wait_without_mutex },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(argv[1], cases[i].name) == 0) {
			cases[i].run();
			puts("misuse went unnoticed");
			return 0;
		}
	}
	fprintf(stderr, "usage: misuse CASE\n");
	return 2;
}
