/* fxdemo: a small lock-heavy program, the workload `bash cmake/run.sh demo`
 * runs on glibc and on fxpthread side by side.
 *
 * Stage 1, an indexing service: the main thread feeds batches of
 * "documents" through a bounded job queue (one mutex, two condvars) to a
 * pool of workers.  For every word a worker looks the word's weight up in
 * a shared dictionary behind a reader-writer lock (read-mostly: a miss
 * computes the weight and inserts it under the write lock), then adds the
 * weight to a histogram bucket guarded by one of 16 striped mutexes.  A
 * spin lock guards the job counters.
 *
 * Stage 2, a barrier-phased stencil: the workers relax an integer grid
 * for a fixed number of sweeps, one barrier per sweep (double-buffered),
 * and fold each sweep's residual into a shared total under a mutex.
 *
 * Every result is a sum, so it does not depend on scheduling: the program
 * recomputes both stages on one thread without locks and prints the
 * checksum only if the two agree (exit status 1 otherwise).
 *
 *   fxdemo [SCALE]     SCALE multiplies the stage-1 work (default 1)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKERS 4
#define QUEUE_CAP 32
#define DOCS_BASE 100000
#define WORDS_PER_DOC 48
#define VOCABULARY 6000
#define DICT_SLOTS 16384 /* power of two, > VOCABULARY */
#define STRIPES 16
#define BUCKETS 256
#define GRID 4096
#define SWEEPS 4000

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* Word i of document d: skewed towards small ids, like real text. */
static uint32_t doc_word(uint32_t d, uint32_t i)
{
	uint64_t r = mix(((uint64_t)d << 32) | i);
	uint32_t a = (uint32_t)(r % VOCABULARY), b = (uint32_t)((r >> 32) % VOCABULARY);
	return a < b ? a : b;
}

/* The "expensive" part of a dictionary miss. */
static uint32_t word_weight(uint32_t w)
{
	uint64_t x = w + 1;
	for (int i = 0; i < 300; i++)
		x = mix(x + (uint64_t)i);
	return (uint32_t)(x % 1000) + 1;
}

/* ------------------------------------------------------ stage 1: state */

struct dict {
	pthread_rwlock_t lock;
	uint32_t key[DICT_SLOTS]; /* word + 1; 0 = empty */
	uint32_t weight[DICT_SLOTS];
	uint32_t misses;	   /* under the write lock */
};

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	uint32_t doc[QUEUE_CAP];
	unsigned head, count;
	int closed;
};

struct histogram {
	pthread_mutex_t stripe[STRIPES];
	uint64_t bucket[BUCKETS];
};

static struct dict dict = { .lock = PTHREAD_RWLOCK_INITIALIZER };
static struct queue queue = { .lock = PTHREAD_MUTEX_INITIALIZER,
			      .not_empty = PTHREAD_COND_INITIALIZER,
			      .not_full = PTHREAD_COND_INITIALIZER };
static struct histogram hist;
static pthread_spinlock_t stats_lock;
static uint64_t docs_done, words_done; /* under stats_lock */

static int dict_find(uint32_t w, uint32_t *weight)
{
	for (uint32_t s = (uint32_t)mix(w) & (DICT_SLOTS - 1);; s = (s + 1) & (DICT_SLOTS - 1)) {
		if (dict.key[s] == w + 1) {
			*weight = dict.weight[s];
			return 1;
		}
		if (dict.key[s] == 0)
			return 0;
	}
}

static void dict_insert(uint32_t w, uint32_t weight)
{
	uint32_t s = (uint32_t)mix(w) & (DICT_SLOTS - 1);
	while (dict.key[s] != 0 && dict.key[s] != w + 1)
		s = (s + 1) & (DICT_SLOTS - 1);
	if (dict.key[s] == 0) {
		dict.key[s] = w + 1;
		dict.weight[s] = weight;
		dict.misses++;
	}
}

static uint32_t lookup(uint32_t w)
{
	uint32_t weight;
	pthread_rwlock_rdlock(&dict.lock);
	int hit = dict_find(w, &weight);
	pthread_rwlock_unlock(&dict.lock);
	if (hit)
		return weight;
	weight = word_weight(w); /* outside the lock */
	pthread_rwlock_wrlock(&dict.lock);
	dict_insert(w, weight);
	pthread_rwlock_unlock(&dict.lock);
	return weight;
}

static void index_document(uint32_t d)
{
	for (uint32_t i = 0; i < WORDS_PER_DOC; i++) {
		uint32_t w = doc_word(d, i);
		uint32_t weight = lookup(w);
		uint32_t b = w % BUCKETS;
		pthread_mutex_t *m = &hist.stripe[b % STRIPES];
		pthread_mutex_lock(m);
		hist.bucket[b] += weight;
		pthread_mutex_unlock(m);
	}
	pthread_spin_lock(&stats_lock);
	docs_done++;
	words_done += WORDS_PER_DOC;
	pthread_spin_unlock(&stats_lock);
}

static void queue_put(uint32_t d)
{
	pthread_mutex_lock(&queue.lock);
	while (queue.count == QUEUE_CAP)
		pthread_cond_wait(&queue.not_full, &queue.lock);
	queue.doc[(queue.head + queue.count) % QUEUE_CAP] = d;
	queue.count++;
	pthread_cond_signal(&queue.not_empty);
	pthread_mutex_unlock(&queue.lock);
}

static void queue_close(void)
{
	pthread_mutex_lock(&queue.lock);
	queue.closed = 1;
	pthread_cond_broadcast(&queue.not_empty);
	pthread_mutex_unlock(&queue.lock);
}

/* 0 when the queue is closed and drained. */
static int queue_take(uint32_t *d)
{
	pthread_mutex_lock(&queue.lock);
	while (queue.count == 0 && !queue.closed)
		pthread_cond_wait(&queue.not_empty, &queue.lock);
	int got = queue.count > 0;
	if (got) {
		*d = queue.doc[queue.head];
		queue.head = (queue.head + 1) % QUEUE_CAP;
		queue.count--;
		pthread_cond_signal(&queue.not_full);
	}
	pthread_mutex_unlock(&queue.lock);
	return got;
}

/* ---------------------------------------------------- stage 2: stencil */

static int32_t grid[2][GRID];
static pthread_barrier_t sweep_barrier;
static pthread_mutex_t residual_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t residual_total; /* under residual_lock */

static void grid_init(int32_t *g)
{
	for (int i = 0; i < GRID; i++)
		g[i] = (int32_t)(mix((uint64_t)i) % 100000);
}

/* One sweep over [lo, hi): fixed ends, integer relaxation. */
static uint64_t sweep(const int32_t *in, int32_t *out, int lo, int hi)
{
	uint64_t residual = 0;
	for (int i = lo; i < hi; i++) {
		int32_t v = (i == 0 || i == GRID - 1)
				    ? in[i]
				    : (in[i - 1] + 2 * in[i] + in[i + 1]) / 4;
		residual += (uint64_t)(v > in[i] ? v - in[i] : in[i] - v);
		out[i] = v;
	}
	return residual;
}

static void stencil_part(int id)
{
	int lo = GRID * id / WORKERS, hi = GRID * (id + 1) / WORKERS;
	for (int s = 0; s < SWEEPS; s++) {
		uint64_t r = sweep(grid[s % 2], grid[(s + 1) % 2], lo, hi);
		pthread_mutex_lock(&residual_lock);
		residual_total += r;
		pthread_mutex_unlock(&residual_lock);
		pthread_barrier_wait(&sweep_barrier);
	}
}

/* ---------------------------------------------------------- the threads */

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	uint32_t d;
	while (queue_take(&d))
		index_document(d);
	pthread_barrier_wait(&sweep_barrier); /* stage 1 done everywhere */
	stencil_part(id);
	return 0;
}

static uint64_t checksum(const uint64_t *bucket, uint64_t docs, uint64_t words,
			 uint32_t misses, const int32_t *g, uint64_t residual)
{
	uint64_t h = 0x6a09e667f3bcc908ull;
	for (int b = 0; b < BUCKETS; b++)
		h = mix(h ^ bucket[b]) + (uint64_t)b;
	h = mix(h ^ docs) ^ mix(words) ^ mix(misses);
	for (int i = 0; i < GRID; i++)
		h = mix(h ^ (uint64_t)(uint32_t)g[i]);
	return mix(h ^ residual);
}

/* The same computation on one thread, without locks. */
static uint64_t reference(uint32_t docs)
{
	static uint64_t bucket[BUCKETS];
	static int32_t g[2][GRID];
	static uint32_t weight_of[VOCABULARY];
	uint32_t misses = 0;
	for (uint32_t d = 0; d < docs; d++)
		for (uint32_t i = 0; i < WORDS_PER_DOC; i++) {
			uint32_t w = doc_word(d, i);
			if (!weight_of[w]) {
				weight_of[w] = word_weight(w);
				misses++;
			}
			bucket[w % BUCKETS] += weight_of[w];
		}
	grid_init(g[0]);
	uint64_t residual = 0;
	for (int s = 0; s < SWEEPS; s++)
		for (int id = 0; id < WORKERS; id++)
			residual += sweep(g[s % 2], g[(s + 1) % 2], GRID * id / WORKERS,
					  GRID * (id + 1) / WORKERS);
	return checksum(bucket, docs, (uint64_t)docs * WORDS_PER_DOC, misses,
			g[SWEEPS % 2], residual);
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	if (scale <= 0)
		scale = 1.0;
	uint32_t docs = (uint32_t)(DOCS_BASE * scale);

	for (int i = 0; i < STRIPES; i++)
		pthread_mutex_init(&hist.stripe[i], 0);
	pthread_spin_init(&stats_lock, PTHREAD_PROCESS_PRIVATE);
	pthread_barrier_init(&sweep_barrier, 0, WORKERS);
	grid_init(grid[0]);

	pthread_t th[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		if (pthread_create(&th[i], 0, worker, (void *)(intptr_t)i)) {
			perror("fxdemo: pthread_create");
			return 1;
		}
	for (uint32_t d = 0; d < docs; d++)
		queue_put(d);
	queue_close();
	for (int i = 0; i < WORKERS; i++)
		pthread_join(th[i], 0);

	uint64_t got = checksum(hist.bucket, docs_done, words_done, dict.misses,
				grid[SWEEPS % 2], residual_total);
	uint64_t want = reference(docs);
	printf("fxdemo: %u documents, %llu words, %u dictionary misses, %d sweeps\n",
	       docs, (unsigned long long)words_done, dict.misses, SWEEPS);
	if (got != want) {
		printf("checksum %016llx MISMATCH (single-threaded: %016llx)\n",
		       (unsigned long long)got, (unsigned long long)want);
		return 1;
	}
	printf("checksum %016llx (verified)\n", (unsigned long long)got);
	for (int i = 0; i < STRIPES; i++)
		pthread_mutex_destroy(&hist.stripe[i]);
	pthread_spin_destroy(&stats_lock);
	pthread_barrier_destroy(&sweep_barrier);
	pthread_rwlock_destroy(&dict.lock);
	pthread_mutex_destroy(&queue.lock);
	pthread_cond_destroy(&queue.not_empty);
	pthread_cond_destroy(&queue.not_full);
	pthread_mutex_destroy(&residual_lock);
	return 0;
}
