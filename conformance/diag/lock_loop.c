/* Lock-heavy loop for measuring what profiling costs (docs/diagnostics.md):
 * THREADS threads share NLOCKS mutexes; each iteration locks one, does a
 * few increments inside, unlocks, and does a little work outside.
 *
 *   lock_loop [THREADS [ITERS [NLOCKS]]]
 *
 * prints the wall time per iteration (of one thread) and the CPU time per
 * iteration (all threads): on a shared machine the second is the steadier.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static int nthreads = 2, nlocks = 4;
static long iters = 1000000;
static pthread_mutex_t locks[64];
static unsigned long counts[64];

static void *worker(void *arg)
{
	unsigned seed = (unsigned)(long)arg * 2654435761u + 1;
	volatile unsigned sink = 0;
	for (long i = 0; i < iters; i++) {
		seed = seed * 1103515245u + 12345u;
		int k = (int)((seed >> 16) % (unsigned)nlocks);
		pthread_mutex_lock(&locks[k]);
		counts[k] += 3;
		pthread_mutex_unlock(&locks[k]);
		for (int j = 0; j < 20; j++)
			sink += (unsigned)j;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1) nthreads = atoi(argv[1]);
	if (argc > 2) iters = atol(argv[2]);
	if (argc > 3) nlocks = atoi(argv[3]);
	if (nthreads < 1 || nthreads > 64 || nlocks < 1 || nlocks > 64 || iters < 1)
		return 2;
	for (int i = 0; i < nlocks; i++)
		pthread_mutex_init(&locks[i], 0);
	pthread_t t[64];
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < nthreads; i++)
		pthread_create(&t[i], 0, worker, (void *)i);
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	unsigned long total = 0;
	for (int i = 0; i < nlocks; i++)
		total += counts[i];
	if (total != 3ul * (unsigned long)nthreads * (unsigned long)iters)
		return 1;
	double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 +
		     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3;
	printf("%.1f ns/iteration wall, %.1f ns/iteration cpu "
	       "(%d threads, %d locks, %ld iterations each)\n",
	       ns / (double)iters, cpu / ((double)iters * nthreads), nthreads,
	       nlocks, iters);
	return 0;
}
