/* pthread_mutex_trylock of a robust mutex whose owning process died
 * returns EOWNERDEAD.  POSIX.1-2017 pthread_mutex_trylock, ERRORS
 * ([EOWNERDEAD]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t *m = conf_shared(sizeof *m);
	conf_mutex_robust(m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_SHARED);
	conf_owner_process_dies(m);
	EXPECT(pthread_mutex_trylock(m), EOWNERDEAD);
	EXPECT(pthread_mutex_consistent(m), 0);
	EXPECT(pthread_mutex_unlock(m), 0);
	PASS();
}
