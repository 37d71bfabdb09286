/* pthread_spin_trylock of a spin lock the caller holds returns EBUSY.
 * POSIX.1-2017 pthread_spin_trylock, ERRORS ([EBUSY]). */
#include "conf.h"

int main(void)
{
	pthread_spinlock_t s;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	SETUP(pthread_spin_lock(&s));
	EXPECT(pthread_spin_trylock(&s), EBUSY);
	EXPECT(pthread_spin_unlock(&s), 0);
	EXPECT(pthread_spin_trylock(&s), 0);
	EXPECT(pthread_spin_unlock(&s), 0);
	PASS();
}
