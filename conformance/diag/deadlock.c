/* Real deadlocks, which without diagnostics hang forever; with
 * FXPTHREAD_LOCKDEP the watchdog must report every thread involved and
 * abort.
 *
 *   deadlock abba   thread one holds A and wants B (grab_b_holding_a),
 *                   thread two holds B and wants A (grab_a_holding_b).
 *                   Both hold theirs before either asks (a barrier), so
 *                   they always deadlock.
 *   deadlock self   one thread locks a normal mutex it already holds
 *                   (relock_own_mutex). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

__attribute__((noinline)) static void grab_b_holding_a(void)
{
	pthread_mutex_lock(&a);
	pthread_barrier_wait(&both_hold);
	pthread_mutex_lock(&b); /* blocks for good */
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
}

__attribute__((noinline)) static void grab_a_holding_b(void)
{
	pthread_mutex_lock(&b);
	pthread_barrier_wait(&both_hold);
	pthread_mutex_lock(&a); /* blocks for good */
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
}

static void *one(void *arg)
{
	(void)arg;
	grab_b_holding_a();
	return 0;
}

static void *two(void *arg)
{
	(void)arg;
	grab_a_holding_b();
	return 0;
}

__attribute__((noinline)) static void relock_own_mutex(void)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&a); /* a normal mutex: blocks for good */
}

int main(int argc, char **argv)
{
	pthread_t t1, t2;
	if (argc > 1 && strcmp(argv[1], "self") == 0) {
		relock_own_mutex();
		puts("not reached");
		return 0;
	}
	pthread_barrier_init(&both_hold, 0, 2);
	if (pthread_create(&t1, 0, one, 0) || pthread_create(&t2, 0, two, 0))
		abort();
	pthread_join(t1, 0);
	pthread_join(t2, 0);
	puts("not reached");
	return 0;
}
