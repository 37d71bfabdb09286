/* pthread_cond_destroy of an initialised condition variable with no
 * waiters returns 0.  POSIX.1-2017 pthread_cond_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_cond_t c;
	SETUP(pthread_cond_init(&c, NULL));
	SETUP(pthread_cond_signal(&c));
	EXPECT(pthread_cond_destroy(&c), 0);
	PASS();
}
