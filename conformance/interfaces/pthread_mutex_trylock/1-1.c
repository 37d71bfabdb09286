/* pthread_mutex_trylock of an unlocked mutex returns 0 and the caller owns
 * it.  POSIX.1-2017 pthread_mutex_trylock, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static int try_other(void *arg)
{
	return pthread_mutex_trylock(&m);
}

int main(void)
{
	struct conf_bg b;
	EXPECT(pthread_mutex_trylock(&m), 0);
	conf_bg_start(&b, try_other, 0);
	EXPECT(conf_bg_join(&b), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	PASS();
}
