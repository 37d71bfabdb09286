/* pthread_rwlock_unlock of the only read lock returns 0 and frees the
 * lock for a writer.  POSIX.1-2017 pthread_rwlock_unlock, DESCRIPTION ("If
 * this function is called to release the last read lock ... the
 * read-write lock object shall be put in the unlocked state"). */
#include "conf.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static int try_write(void *arg)
{
	int r = pthread_rwlock_trywrlock(&rw);
	if (r == 0)
		r = pthread_rwlock_unlock(&rw);
	return r;
}

int main(void)
{
	struct conf_bg b;
	SETUP(pthread_rwlock_rdlock(&rw));
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	conf_bg_start(&b, try_write, 0);
	EXPECT(conf_bg_join(&b), 0);
	PASS();
}
