/* pthread_mutexattr_gettype returns the type last set, through a sequence
 * of changes.  POSIX.1-2017 pthread_mutexattr_gettype, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_mutexattr_t a;
	int types[] = { PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_NORMAL,
			PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_DEFAULT };
	SETUP(pthread_mutexattr_init(&a));
	for (int i = 0; i < 4; i++) {
		int v = -1;
		SETUP(pthread_mutexattr_settype(&a, types[i]));
		EXPECT(pthread_mutexattr_gettype(&a, &v), 0);
		EXPECT_EQ(v, types[i]);
	}
	PASS();
}
