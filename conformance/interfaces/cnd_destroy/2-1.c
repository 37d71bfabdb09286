/* A condition variable may be destroyed right after a broadcast that woke
 * its waiters, before they return.  C11 7.26.3.2 ("There shall be no
 * threads blocked waiting for the condition variable"). */
#define CONF_WANT_C11
#include "conf.h"

#define WAITERS 3
static mtx_t m;
static cnd_t *volatile c;
static int ready;

static int waiter(void *arg)
{
	int r = mtx_lock(&m);
	cnd_t *cv = c;
	while (r == thrd_success && !ready)
		r = cnd_wait(cv, &m);
	mtx_unlock(&m);
	return r;
}

int main(void)
{
	struct conf_bg b[WAITERS];
	void *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		UNRESOLVED("mmap failed");
	c = page;
	SETUP_THRD(mtx_init(&m, mtx_plain));
	SETUP_THRD(cnd_init(c));
	for (int i = 0; i < WAITERS; i++) {
		conf_bg_start(&b[i], waiter, 0);
		if (!conf_bg_blocked(&b[i]))
			UNRESOLVED("waiter %d did not block", i);
	}
	SETUP_THRD(mtx_lock(&m));
	ready = 1;
	EXPECT_THRD(cnd_broadcast(c), thrd_success);
	cnd_destroy(c);
	munmap(page, 4096);
	SETUP_THRD(mtx_unlock(&m));
	for (int i = 0; i < WAITERS; i++)
		EXPECT_THRD(conf_bg_join(&b[i]), thrd_success);
	PASS();
}
