/* A signal delivered to a thread waiting in pthread_rwlock_rdlock does not
 * end the wait: after the handler it waits on, and later returns 0.
 * POSIX.1-2017 pthread_rwlock_rdlock, DESCRIPTION ("If a signal is
 * delivered to a thread waiting for a read-write lock for reading, upon
 * return from the signal handler the thread resumes waiting") and ERRORS
 * (no [EINTR]). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	SETUP(pthread_rwlock_wrlock(&rw));
	conf_bg_start(&b, reader, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the reader did not block: %s", conf_err(b.ret));
	if (!conf_interrupt(&b))
		FAIL("the wait ended with %s after a signal handler ran",
		     conf_err(b.ret));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
