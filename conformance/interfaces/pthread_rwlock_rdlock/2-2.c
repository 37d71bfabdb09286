/* All readers blocked behind a writer proceed when it unlocks.
 * POSIX.1-2017 pthread_rwlock_rdlock, DESCRIPTION. */
#include "conf.h"

#define READERS 3
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int reader(void *arg)
{
	int r = pthread_rwlock_rdlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b[READERS];
	SETUP(pthread_rwlock_wrlock(&rw));
	for (int i = 0; i < READERS; i++) {
		conf_bg_start(&b[i], reader, 0);
		if (!conf_bg_blocked(&b[i]))
			FAIL("reader %d got in past the writer", i);
	}
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	for (int i = 0; i < READERS; i++) {
		if (!conf_bg_wait(&b[i], CONF_PATIENCE_MS))
			FAIL("reader %d was never released", i);
		EXPECT(conf_bg_join(&b[i]), 0);
	}
	PASS();
}
