/* Every kind of object the profiler follows, with counts known exactly:
 *
 *   rw     READERS threads x RD read locks + one writer x WR write locks
 *   mtx    C11 mtx_lock in main, MTX times
 *   rec    a recursive mutex locked twice and unlocked twice, REC times
 *   slot   a one-slot queue (mutex + two condvars): ITEMS items, one
 *          pthread_cond_signal per item on each side
 *   gone   a malloc-ed mutex, locked by main and then (contended, made
 *          certain as in hot_lock.c) by a thread, then destroyed and
 *          freed: kept in the report as destroyed, 2 acquisitions, 1
 *          contended
 *
 * mtx and rec are destroyed at the end without ever having been waited
 * on: the report sums them up (2 objects, MTX + 2 * REC acquisitions).
 *
 * Prints each object's address; check-kinds.py reads the JSON report.
 * Also a correct program for FXPTHREAD_CHECK and FXPTHREAD_LOCKDEP:
 * they must stay silent here. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>

#define READERS 2
#define RD 3000
#define WR 2000
#define MTX 500
#define REC 100
#define ITEMS 1000

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static mtx_t mtx;
static pthread_mutex_t rec;
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t slot_empty = PTHREAD_COND_INITIALIZER;
static int slot, have, shared_value;

static void *reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < RD; i++) {
		pthread_rwlock_rdlock(&rw);
		(void)__atomic_load_n(&shared_value, __ATOMIC_RELAXED);
		pthread_rwlock_unlock(&rw);
	}
	return 0;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < WR; i++) {
		pthread_rwlock_wrlock(&rw);
		shared_value++;
		pthread_rwlock_unlock(&rw);
	}
	return 0;
}

static void *consumer(void *arg)
{
	long sum = 0;
	(void)arg;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&slot_lock);
		while (!have)
			pthread_cond_wait(&slot_full, &slot_lock);
		sum += slot;
		have = 0;
		pthread_cond_signal(&slot_empty);
		pthread_mutex_unlock(&slot_lock);
	}
	return (void *)sum;
}

static pthread_mutex_t *gone;

static void *take_gone(void *arg)
{
	(void)arg;
	pthread_mutex_lock(gone);
	pthread_mutex_unlock(gone);
	return 0;
}

/* Returns the address the mutex had. */
static void *contend_then_destroy(void)
{
	pthread_t t;
	gone = malloc(sizeof *gone);
	pthread_mutex_init(gone, 0);
	pthread_mutex_lock(gone);
	pthread_create(&t, 0, take_gone, 0);
	while (__atomic_load_n(&gone->__data.__lock, __ATOMIC_ACQUIRE) < 2)
		sched_yield();
	pthread_mutex_unlock(gone);
	pthread_join(t, 0);
	pthread_mutex_destroy(gone);
	free(gone);
	return gone;
}

int main(void)
{
	pthread_t t[READERS + 2];
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &a);
	pthread_mutexattr_destroy(&a);
	if (mtx_init(&mtx, mtx_plain) != thrd_success)
		abort();

	for (int i = 0; i < READERS; i++)
		pthread_create(&t[i], 0, reader, 0);
	pthread_create(&t[READERS], 0, writer, 0);
	pthread_create(&t[READERS + 1], 0, consumer, 0);

	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&slot_lock);
		while (have)
			pthread_cond_wait(&slot_empty, &slot_lock);
		slot = i;
		have = 1;
		pthread_cond_signal(&slot_full);
		pthread_mutex_unlock(&slot_lock);
	}
	for (int i = 0; i < MTX; i++) {
		mtx_lock(&mtx);
		mtx_unlock(&mtx);
	}
	for (int i = 0; i < REC; i++) {
		pthread_mutex_lock(&rec);
		pthread_mutex_lock(&rec);
		pthread_mutex_unlock(&rec);
		pthread_mutex_unlock(&rec);
	}
	void *sum;
	for (int i = 0; i < READERS + 1; i++)
		pthread_join(t[i], 0);
	pthread_join(t[READERS + 1], &sum);
	if ((long)sum != (long)ITEMS * (ITEMS - 1) / 2 || shared_value != WR)
		abort();
	void *gone_at = contend_then_destroy();
	printf("rw=%p mtx=%p rec=%p slot_lock=%p slot_full=%p slot_empty=%p "
	       "gone=%p\n",
	       (void *)&rw, (void *)&mtx, (void *)&rec, (void *)&slot_lock,
	       (void *)&slot_full, (void *)&slot_empty, gone_at);
	mtx_destroy(&mtx);
	pthread_mutex_destroy(&rec);
	return 0;
}
