/* pthread_mutex_trylock of an unrecoverable robust mutex returns
 * ENOTRECOVERABLE.  POSIX.1-2017 pthread_mutex_trylock, ERRORS
 * ([ENOTRECOVERABLE]). */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	conf_mutex_robust(&m, PTHREAD_MUTEX_NORMAL, PTHREAD_PROCESS_PRIVATE);
	conf_owner_thread_dies(&m);
	SETUP_RC(pthread_mutex_trylock(&m), EOWNERDEAD);
	SETUP(pthread_mutex_unlock(&m));
	EXPECT(pthread_mutex_trylock(&m), ENOTRECOVERABLE);
	PASS();
}
