/* A lock-order inversion that never deadlocks: one thread takes A then B
 * (lock_a_then_b), and only after it has finished another takes B then
 * A (lock_b_then_a).  FXPTHREAD_LOCKDEP must report the inversion, naming
 * both functions, and the program must still run to completion. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void lock_a_then_b(void)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
}

__attribute__((noinline)) static void lock_b_then_a(void)
{
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
}

static void *first(void *arg)
{
	(void)arg;
	lock_a_then_b();
	return 0;
}

static void *second(void *arg)
{
	(void)arg;
	lock_b_then_a();
	return 0;
}

int main(void)
{
	pthread_t t;
	/* 1. thread one: A then B, to the end. */
	if (pthread_create(&t, 0, first, 0) || pthread_join(t, 0))
		abort();
	/* 2. thread two: B then A -- the inverse order, but nobody holds A
	 *    now, so it cannot block. */
	if (pthread_create(&t, 0, second, 0) || pthread_join(t, 0))
		abort();
	/* 3. the same order again: already known, reported once only. */
	if (pthread_create(&t, 0, second, 0) || pthread_join(t, 0))
		abort();
	printf("a=%p b=%p done\n", (void *)&a, (void *)&b);
	return 0;
}
