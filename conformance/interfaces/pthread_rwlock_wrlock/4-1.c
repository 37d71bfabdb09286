/* A signal delivered to a thread waiting in pthread_rwlock_wrlock does not
 * end the wait: it resumes waiting and later returns 0, never EINTR.
 * POSIX.1-2017 pthread_rwlock_wrlock, DESCRIPTION and ERRORS. */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int writer(void *arg)
{
	int r = pthread_rwlock_wrlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	conf_catch(SIGUSR1);
	SETUP(pthread_rwlock_rdlock(&rw));
	conf_bg_start(&b, writer, 0);
	if (!conf_bg_blocked(&b))
		UNRESOLVED("the writer did not block: %s", conf_err(b.ret));
	if (!conf_interrupt(&b))
		FAIL("the wait ended with %s after a signal handler ran",
		     conf_err(b.ret));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
