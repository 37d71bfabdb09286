/* pthread_spin_destroy of an unlocked spin lock returns 0.  POSIX.1-2017
 * pthread_spin_destroy, RETURN VALUE. */
#include "conf.h"

int main(void)
{
	pthread_spinlock_t s;
	SETUP(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
	SETUP(pthread_spin_lock(&s));
	SETUP(pthread_spin_unlock(&s));
	EXPECT(pthread_spin_destroy(&s), 0);
	PASS();
}
