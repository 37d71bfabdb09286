/* A destroyed spin lock can be initialised again and used.  POSIX.1-2017
 * pthread_spin_destroy, DESCRIPTION. */
#include "conf.h"

int main(void)
{
	pthread_spinlock_t s;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	EXPECT(pthread_spin_destroy(&s), 0);
	EXPECT(pthread_spin_init(&s, PTHREAD_PROCESS_SHARED), 0);
	EXPECT(pthread_spin_lock(&s), 0);
	EXPECT(pthread_spin_trylock(&s), EBUSY);
	EXPECT(pthread_spin_unlock(&s), 0);
	EXPECT(pthread_spin_destroy(&s), 0);
	PASS();
}
