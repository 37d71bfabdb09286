/* pthread_condattr_init returns 0 and the object initialises a usable
 * condition variable.  POSIX.1-2017 pthread_condattr_init, DESCRIPTION and
 * RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	EXPECT(pthread_condattr_init(&a), 0);
	EXPECT(pthread_cond_init(&c, &a), 0);
	EXPECT(pthread_cond_signal(&c), 0);
	EXPECT(pthread_cond_destroy(&c), 0);
	PASS();
}
