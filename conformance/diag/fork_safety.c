/* fork() while other threads are inside the diagnostics library.
 *
 * WORKERS threads lock and unlock shared mutexes, a rwlock and a condvar
 * in a loop (so at any moment some of them are half way through the
 * library's bookkeeping, or hold a lock).  Meanwhile main forks FORKS
 * times.  Each child:
 *   1. unlocks `held_across_fork`, which main held when it forked (POSIX:
 *      the child's only thread owns it);
 *   2. locks and unlocks its own mutex, a fresh rwlock and condvar, and
 *      starts a thread that does the same;
 *   3. exits with exit(0), which writes its own profile report.
 * A child that deadlocks is killed by the alarm and fails the test; the
 * shared mutexes are never touched in a child (a worker may have held
 * them at fork time). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 3
#define FORKS 20

static pthread_mutex_t shared[4] = { PTHREAD_MUTEX_INITIALIZER,
				     PTHREAD_MUTEX_INITIALIZER,
				     PTHREAD_MUTEX_INITIALIZER,
				     PTHREAD_MUTEX_INITIALIZER };
static pthread_rwlock_t shared_rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t shared_cond = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t held_across_fork = PTHREAD_MUTEX_INITIALIZER;
static int stop;

/* Two locks at a time, always in ascending order: no inversion. */
static void *worker(void *arg)
{
	unsigned k = (unsigned)(long)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		unsigned i = k++ % 4;
		pthread_mutex_lock(&shared[i]);
		if (i < 3)
			pthread_mutex_lock(&shared[i + 1]);
		pthread_cond_broadcast(&shared_cond);
		if (i < 3)
			pthread_mutex_unlock(&shared[i + 1]);
		pthread_mutex_unlock(&shared[i]);
		pthread_rwlock_rdlock(&shared_rw);
		pthread_rwlock_unlock(&shared_rw);
	}
	return 0;
}

static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;

static void *child_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&child_lock);
		pthread_mutex_unlock(&child_lock);
	}
	return 0;
}

static int child(void)
{
	pthread_rwlock_t rw;
	pthread_cond_t c;
	pthread_t t;
	struct timespec past = { 0, 0 };
	alarm(20);
	if (pthread_mutex_unlock(&held_across_fork))
		return 1;
	pthread_rwlock_init(&rw, 0);
	pthread_cond_init(&c, 0);
	if (pthread_create(&t, 0, child_thread, 0))
		return 2;
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&child_lock);
		pthread_cond_timedwait(&c, &child_lock, &past);
		pthread_mutex_unlock(&child_lock);
		pthread_rwlock_wrlock(&rw);
		pthread_rwlock_unlock(&rw);
	}
	pthread_join(t, 0);
	pthread_cond_destroy(&c);
	pthread_rwlock_destroy(&rw);
	return 0;
}

int main(void)
{
	pthread_t t[WORKERS];
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&t[i], 0, worker, (void *)i);
	int failures = 0;
	for (int i = 0; i < FORKS; i++) {
		pthread_mutex_lock(&held_across_fork);
		pid_t pid = fork();
		if (pid == 0)
			exit(child());
		pthread_mutex_unlock(&held_across_fork);
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "child %d failed (status %#x)\n", i,
				status);
			failures++;
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], 0);
	printf("%d forks, %d failures\n", FORKS, failures);
	return failures != 0;
}
