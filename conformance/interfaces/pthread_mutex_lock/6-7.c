/* Robust mutexes released out of order before the owner dies: only the
 * ones still held at death report EOWNERDEAD; the released one locks
 * normally.  POSIX.1-2017 pthread_mutex_lock, ERRORS ([EOWNERDEAD]). */
#include "conf.h"

static pthread_mutex_t m[4];

static void *mixed(void *arg)
{
	for (int i = 0; i < 4; i++)
		if (pthread_mutex_lock(&m[i]))
			return (void *)1;
	if (pthread_mutex_unlock(&m[1]) || pthread_mutex_unlock(&m[3]))
		return (void *)2;
	return 0; /* dies holding m[0] and m[2] */
}

int main(void)
{
	for (int i = 0; i < 4; i++)
		conf_mutex_robust(&m[i], PTHREAD_MUTEX_NORMAL,
				  PTHREAD_PROCESS_PRIVATE);
	if (conf_join(conf_thread(mixed, 0)))
		UNRESOLVED("the doomed owner failed to lock or unlock");
	for (int i = 0; i < 4; i++) {
		int want = (i == 0 || i == 2) ? EOWNERDEAD : 0;
		int r = pthread_mutex_trylock(&m[i]);
		if (r != want)
			FAIL("mutex %d: trylock returned %s, expected %s", i,
			     conf_err(r), conf_err(want));
		if (r == EOWNERDEAD)
			EXPECT(pthread_mutex_consistent(&m[i]), 0);
		EXPECT(pthread_mutex_unlock(&m[i]), 0);
	}
	PASS();
}
