/* glibc: PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP gives a
 * writer-preferring lock: while a writer waits, a new reader does not get
 * in.  glibc extension. */
#include "conf.h"

#ifdef PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP
static pthread_rwlock_t rw = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

static int try_read(void *arg)
{
	int r = pthread_rwlock_tryrdlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg w, r;
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&w, writer, 0);
	if (!conf_bg_blocked(&w))
		FAIL("the writer got in past a reader: %s", conf_err(w.ret));
	conf_bg_start(&r, try_read, 0);
	EXPECT(conf_bg_join(&r), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(conf_bg_join(&w), 0);
	PASS();
}
#else
int main(void)
{
	UNSUPPORTED("no PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP");
}
#endif
