/* cnd_wait does not lose a signal sent by a thread that locked the mutex
 * after the waiter released it (many hand-offs).  C11 7.26.3.6 (the unlock
 * and block are atomic). */
#define CONF_WANT_C11
#include "conf.h"

#define ROUNDS 2000
static mtx_t m;
static cnd_t c;
static int waiting, turn;

static void *signaller(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		mtx_lock(&m);
		while (!waiting) {
			mtx_unlock(&m);
			sched_yield();
			mtx_lock(&m);
		}
		waiting = 0;
		turn++;
		cnd_signal(&c);
		mtx_unlock(&m);
	}
	return 0;
}

int main(void)
{
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(cnd_init(&c));
	pthread_t t = conf_thread(signaller, 0);
	for (int i = 0; i < ROUNDS; i++) {
		SETUP_THRD(mtx_lock(&m));
		int want = turn + 1;
		waiting = 1;
		while (turn < want)
			EXPECT_THRD(cnd_wait(&c, &m), thrd_success);
		SETUP_THRD(mtx_unlock(&m));
	}
	conf_join(t);
	PASS();
}
