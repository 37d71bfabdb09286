/* With the default rwlock kind, a new reader gets in while a writer waits
 * behind an existing reader (so recursive read locks cannot deadlock).
 * glibc's default PTHREAD_RWLOCK_PREFER_READER_NP; POSIX.1-2017
 * pthread_rwlock_rdlock leaves this unspecified outside SCHED_FIFO and
 * SCHED_RR. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg w, again;
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&w, writer, 0);
	if (!conf_bg_blocked(&w))
		UNRESOLVED("the writer did not block");
	conf_bg_start(&again, reader, 0);
	if (!conf_bg_wait(&again, 1000))
		FAIL("a new reader blocked behind the waiting writer");
	EXPECT(conf_bg_join(&again), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(conf_bg_join(&w), 0);
	PASS();
}
