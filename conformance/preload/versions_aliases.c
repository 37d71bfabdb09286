/* The __pthread_* aliases, called directly as some binaries do.  glibc
 * 2.34+ exports them only as compatibility symbols (GLIBC_2.2.5, not
 * linkable by default), so:
 *   built with -DALIAS_VERSION='"GLIBC_2.2.5"'  the references name that
 *       version (.symver), as a binary built on older glibc carries them;
 *   built without it  plain references, for linking against the
 *       libpthread.so.0 stand-in or against libfxpthread itself.
 *
 * Output must equal versions_aliases.expected. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include "check.h"

#ifdef ALIAS_VERSION
#define ALIAS(name, params)                                                   \
	extern int name params;                                               \
	__asm__(".symver " #name ", " #name "@" ALIAS_VERSION)
#else
#define ALIAS(name, params) extern int name params
#endif

ALIAS(__pthread_mutex_init, (pthread_mutex_t *, const pthread_mutexattr_t *));
ALIAS(__pthread_mutex_destroy, (pthread_mutex_t *));
ALIAS(__pthread_mutex_lock, (pthread_mutex_t *));
ALIAS(__pthread_mutex_trylock, (pthread_mutex_t *));
ALIAS(__pthread_mutex_unlock, (pthread_mutex_t *));
ALIAS(__pthread_mutexattr_init, (pthread_mutexattr_t *));
ALIAS(__pthread_mutexattr_destroy, (pthread_mutexattr_t *));
ALIAS(__pthread_mutexattr_settype, (pthread_mutexattr_t *, int));
ALIAS(__pthread_rwlock_init, (pthread_rwlock_t *, const pthread_rwlockattr_t *));
ALIAS(__pthread_rwlock_destroy, (pthread_rwlock_t *));
ALIAS(__pthread_rwlock_rdlock, (pthread_rwlock_t *));
ALIAS(__pthread_rwlock_wrlock, (pthread_rwlock_t *));
ALIAS(__pthread_rwlock_tryrdlock, (pthread_rwlock_t *));
ALIAS(__pthread_rwlock_trywrlock, (pthread_rwlock_t *));
ALIAS(__pthread_rwlock_unlock, (pthread_rwlock_t *));

#define THREADS 4
#define ITERS 10000

static pthread_mutex_t m;
static pthread_rwlock_t rw;
static long counter, rw_a, rw_b, torn;

static void *worker(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < ITERS; i++) {
		__pthread_mutex_lock(&m);
		__pthread_mutex_lock(&m); /* recursive */
		counter++;
		__pthread_mutex_unlock(&m);
		__pthread_mutex_unlock(&m);
		if (id % 2 == 0) {
			__pthread_rwlock_wrlock(&rw);
			rw_a++;
			rw_b++;
			__pthread_rwlock_unlock(&rw);
		} else {
			__pthread_rwlock_rdlock(&rw);
			if (rw_a != rw_b)
				__atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
			__pthread_rwlock_unlock(&rw);
		}
	}
	return 0;
}

static int result;
static void *try_all(void *arg)
{
	(void)arg;
	int r = __pthread_rwlock_tryrdlock(&rw);
	if (r == 0)
		__pthread_rwlock_unlock(&rw);
	result = r * 1000 + __pthread_rwlock_trywrlock(&rw) * 10 +
		 (__pthread_mutex_trylock(&m) == EBUSY);
	return 0;
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_t t[THREADS];
	watchdog(60);

	EXPECT_ERR("__pthread_mutexattr_init", __pthread_mutexattr_init(&a), 0);
	EXPECT_ERR("__pthread_mutexattr_settype(RECURSIVE)",
		   __pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	EXPECT_ERR("__pthread_mutex_init", __pthread_mutex_init(&m, &a), 0);
	EXPECT_ERR("__pthread_mutexattr_destroy", __pthread_mutexattr_destroy(&a), 0);
	EXPECT_ERR("__pthread_rwlock_init", __pthread_rwlock_init(&rw, 0), 0);

	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], 0, worker, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], 0);
	EXPECT_EQ("__pthread_mutex_lock counter", counter, THREADS * ITERS);
	EXPECT_EQ("__pthread_rwlock_wrlock writes", rw_a, THREADS / 2 * ITERS);
	EXPECT_EQ("__pthread_rwlock_rdlock torn reads", torn, 0);

	__pthread_mutex_lock(&m);
	EXPECT_ERR("__pthread_mutex_trylock (recursive, owner)", __pthread_mutex_trylock(&m), 0);
	__pthread_rwlock_rdlock(&rw);
	pthread_create(&t[0], 0, try_all, 0);
	pthread_join(t[0], 0);
	/* tryrdlock 0, trywrlock EBUSY, mutex_trylock EBUSY */
	EXPECT_EQ("other thread: tryrdlock*1000 + trywrlock*10 + (trylock==EBUSY)",
		  result, EBUSY * 10 + 1);
	EXPECT_ERR("__pthread_rwlock_unlock", __pthread_rwlock_unlock(&rw), 0);
	EXPECT_ERR("__pthread_mutex_unlock", __pthread_mutex_unlock(&m), 0);
	EXPECT_ERR("__pthread_mutex_unlock (outer)", __pthread_mutex_unlock(&m), 0);
	EXPECT_ERR("__pthread_rwlock_destroy", __pthread_rwlock_destroy(&rw), 0);
	EXPECT_ERR("__pthread_mutex_destroy", __pthread_mutex_destroy(&m), 0);
	return check_done();
}
