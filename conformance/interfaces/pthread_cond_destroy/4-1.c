/* glibc: the GLIBC_2.2.5 compatibility version of pthread_cond_destroy (the one binaries
 * linked before glibc 2.3.2 call) works when a program uses that version
 * of every condition variable call: destroy after use returns 0, and the object can be initialised again.  glibc compatibility symbol. */
#include "conf.h"

#ifdef __GLIBC__
extern int old_init(pthread_cond_t *, const pthread_condattr_t *);
extern int old_destroy(pthread_cond_t *);
extern int old_wait(pthread_cond_t *, pthread_mutex_t *);
extern int old_timedwait(pthread_cond_t *, pthread_mutex_t *,
			 const struct timespec *);
extern int old_signal(pthread_cond_t *);
extern int old_broadcast(pthread_cond_t *);
CONF_COMPAT_SYMBOL(old_init, pthread_cond_init, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_destroy, pthread_cond_destroy, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_wait, pthread_cond_wait, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_timedwait, pthread_cond_timedwait, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_signal, pthread_cond_signal, GLIBC_2.2.5);
CONF_COMPAT_SYMBOL(old_broadcast, pthread_cond_broadcast, GLIBC_2.2.5);

#define WAITERS 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;
static int ready;

static int waiter(void *arg)
{
	int r = pthread_mutex_lock(&m);
	while (r == 0 && !ready)
		r = old_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return r;
}

/* Start WAITERS old-version waiters, wake them with `wake`, join them. */
static void cycle(int (*wake)(pthread_cond_t *), int all)
{
	struct conf_bg b[WAITERS];
	ready = 0;
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("waiter %d did not block: %s", i,
			     conf_err(b[i].ret));
	}
	SETUP(pthread_mutex_lock(&m));
	ready = 1;
	if (all) {
		EXPECT(wake(&c), 0);
	} else {
		for (int i = 0; i < WAITERS; i++)
			EXPECT(wake(&c), 0);
	}
	SETUP(pthread_mutex_unlock(&m));
	for (int i = 0; i < WAITERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("waiter %d was not woken", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
}

int main(void)
{
	EXPECT(old_init(&c, NULL), 0);
	conf_step("first round");
	cycle(old_broadcast, 1);
	conf_step("first destroy");
	EXPECT(old_destroy(&c), 0);
	EXPECT(old_init(&c, NULL), 0);
	conf_step("second round");
	cycle(old_broadcast, 1);
	conf_step("second destroy");
	EXPECT(old_destroy(&c), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("glibc compatibility symbol");
}
#endif
