/* pthread_spin_init with PTHREAD_PROCESS_SHARED returns 0 and gives an unlocked, usable spin
 * lock.  POSIX.1-2017 pthread_spin_init, DESCRIPTION and RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_spinlock_t s;
	memset(&s, 0x5a, sizeof s);
	EXPECT(pthread_spin_init(&s, PTHREAD_PROCESS_SHARED), 0);
	EXPECT(pthread_spin_trylock(&s), 0);
	EXPECT(pthread_spin_trylock(&s), EBUSY);
	EXPECT(pthread_spin_unlock(&s), 0);
	EXPECT(pthread_spin_lock(&s), 0);
	EXPECT(pthread_spin_unlock(&s), 0);
	EXPECT(pthread_spin_destroy(&s), 0);
	PASS();
}
