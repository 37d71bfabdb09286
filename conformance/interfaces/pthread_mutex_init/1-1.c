/* pthread_mutex_init with a NULL attr returns 0 and gives a usable mutex
 * with default attributes.  POSIX.1-2017 pthread_mutex_init, DESCRIPTION
 * and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_mutex_t m;
	EXPECT(pthread_mutex_init(&m, NULL), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), 0);
	PASS();
}
