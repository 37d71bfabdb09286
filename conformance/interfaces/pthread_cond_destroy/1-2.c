/* pthread_cond_destroy of a never-used PTHREAD_COND_INITIALIZER condition
 * variable returns 0.  POSIX.1-2017 pthread_cond_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	EXPECT(pthread_cond_destroy(&c), 0);
	PASS();
}
