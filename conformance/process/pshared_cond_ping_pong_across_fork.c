/* A process-shared condvar with a process-shared mutex in MAP_SHARED
 * anonymous memory carries every wakeup between processes: no lost
 * signal (a lost one would stop the game; the hang detector catches it)
 * and exact counts.
 *
 *   ping-pong   two processes alternate `turn` ROUNDS times each, with
 *               pthread_cond_signal (one waiter per condvar side)
 *   ring        NPROCS processes pass the turn around a ring on one
 *               condvar with pthread_cond_broadcast, each waiting with
 *               pthread_cond_timedwait (far deadline) on a condvar whose
 *               clock is CLOCK_MONOTONIC
 *   tokens      a producer process signals tokens to NPROCS consumer
 *               processes; produced == consumed
 */
#include "process_check.h"

#define ROUNDS 2000
#define NPROCS 3
#define TOKENS 5000

struct shared {
	pthread_mutex_t m;
	pthread_cond_t ping, pong, ring;
	int turn;
	long moves;
	long produced, consumed;
	int done;
};

static struct shared *sh;

static void init(void)
{
	struct fxp_mutex_kind k = { "pshared", PTHREAD_MUTEX_NORMAL,
				    PTHREAD_MUTEX_STALLED, PTHREAD_PRIO_NONE,
				    PTHREAD_PROCESS_SHARED };
	fxp_mutex_init(&sh->m, &k);
	pthread_condattr_t ca;
	CHECK_OK(pthread_condattr_init(&ca));
	CHECK_OK(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	CHECK_OK(pthread_cond_init(&sh->ping, &ca));
	CHECK_OK(pthread_cond_init(&sh->pong, &ca));
	CHECK_OK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC));
	CHECK_OK(pthread_cond_init(&sh->ring, &ca));
	CHECK_OK(pthread_condattr_destroy(&ca));
	sh->turn = 0;
	sh->moves = sh->produced = sh->consumed = 0;
	sh->done = 0;
}

static int player(int me)
{
	pthread_cond_t *mine = me ? &sh->pong : &sh->ping;
	pthread_cond_t *other = me ? &sh->ping : &sh->pong;
	for (int r = 0; r < ROUNDS; r++) {
		if (pthread_mutex_lock(&sh->m))
			return 1;
		while (sh->turn != me)
			if (pthread_cond_wait(mine, &sh->m))
				return 2;
		sh->moves++;
		sh->turn = !me;
		if (pthread_cond_signal(other))
			return 3;
		if (pthread_mutex_unlock(&sh->m))
			return 4;
	}
	return 0;
}

static int ring_member(int me)
{
	for (int r = 0; r < ROUNDS / 2; r++) {
		if (pthread_mutex_lock(&sh->m))
			return 1;
		while (sh->turn != me) {
			struct timespec far =
				fxp_after_ms(CLOCK_MONOTONIC, 3600000);
			int rc = pthread_cond_timedwait(&sh->ring, &sh->m, &far);
			if (rc)
				return 10 + rc;
		}
		sh->moves++;
		sh->turn = (me + 1) % NPROCS;
		if (pthread_cond_broadcast(&sh->ring))
			return 3;
		if (pthread_mutex_unlock(&sh->m))
			return 4;
	}
	return 0;
}

static int consumer(void)
{
	for (;;) {
		if (pthread_mutex_lock(&sh->m))
			return 1;
		while (sh->produced == sh->consumed && !sh->done)
			if (pthread_cond_wait(&sh->ping, &sh->m))
				return 2;
		if (sh->produced == sh->consumed && sh->done) {
			pthread_mutex_unlock(&sh->m);
			return 0;
		}
		sh->consumed++;
		CHECK_OK(pthread_cond_signal(&sh->pong)); /* room again */
		if (pthread_mutex_unlock(&sh->m))
			return 4;
	}
}

static int producer(void)
{
	for (int i = 0; i < TOKENS; i++) {
		if (pthread_mutex_lock(&sh->m))
			return 1;
		/* at most 4 tokens outstanding: the consumers must wake */
		while (sh->produced - sh->consumed >= 4)
			if (pthread_cond_wait(&sh->pong, &sh->m))
				return 2;
		sh->produced++;
		if (pthread_cond_signal(&sh->ping))
			return 3;
		if (pthread_mutex_unlock(&sh->m))
			return 4;
	}
	if (pthread_mutex_lock(&sh->m))
		return 5;
	sh->done = 1;
	pthread_cond_broadcast(&sh->ping);
	return pthread_mutex_unlock(&sh->m) ? 6 : 0;
}

int main(void)
{
	fxp_begin("pshared_cond_ping_pong_across_fork", 45);
	sh = fxp_shared_alloc(sizeof *sh);

	fxp_step("ping-pong between two processes");
	init();
	pid_t p[NPROCS + 1];
	for (int i = 0; i < 2; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(player(i));
	}
	for (int i = 0; i < 2; i++)
		fxp_reap_ok(p[i], "player");
	CHECK(sh->moves == 2L * ROUNDS, "moves %ld, expected %ld", sh->moves,
	      2L * ROUNDS);
	fxp_note("ping-pong: %ld moves", sh->moves);

	fxp_step("broadcast ring of processes, monotonic timedwait");
	init();
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(ring_member(i));
	}
	for (int i = 0; i < NPROCS; i++)
		fxp_reap_ok(p[i], "ring member");
	CHECK(sh->moves == (long)NPROCS * (ROUNDS / 2), "moves %ld, "
	      "expected %ld", sh->moves, (long)NPROCS * (ROUNDS / 2));
	fxp_note("ring: %ld moves", sh->moves);

	fxp_step("tokens from one producer to several consumers");
	init();
	for (int i = 0; i < NPROCS; i++) {
		p[i] = fxp_fork();
		if (p[i] == 0)
			_exit(consumer());
	}
	p[NPROCS] = fxp_fork();
	if (p[NPROCS] == 0)
		_exit(producer());
	for (int i = 0; i <= NPROCS; i++)
		fxp_reap_ok(p[i], i == NPROCS ? "producer" : "consumer");
	CHECK(sh->produced == TOKENS && sh->consumed == TOKENS,
	      "produced %ld consumed %ld, expected %d", sh->produced,
	      sh->consumed, TOKENS);
	fxp_note("tokens: %ld produced, %ld consumed", sh->produced,
		 sh->consumed);

	CHECK_OK(pthread_cond_destroy(&sh->ping));
	CHECK_OK(pthread_cond_destroy(&sh->pong));
	CHECK_OK(pthread_cond_destroy(&sh->ring));
	CHECK_OK(pthread_mutex_destroy(&sh->m));
	fxp_pass("process-shared condvars: ping-pong, broadcast ring and "
		 "token passing across processes, exact counts");
	return 0;
}
