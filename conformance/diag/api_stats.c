/* The public API (fxpthread_diag.h), linked with -lfxpthread-diag.
 *
 *   api_stats on    run with FXPTHREAD_PROFILE=1: exact statistics of a
 *                   mutex locked LOCKS times, ENOENT for an object never
 *                   used, a report written by fxpthread_diag_dump, and
 *                   counters back to zero after fxpthread_diag_reset.
 *   api_stats off   run with no feature: everything answers ENOSYS. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fxpthread_diag.h"

#define LOCKS 1234

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,    \
				#cond);                                        \
			exit(1);                                               \
		}                                                              \
	} while (0)

int main(int argc, char **argv)
{
	static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	static pthread_mutex_t never_used = PTHREAD_MUTEX_INITIALIZER;
	struct fxpthread_lock_stats st;
	int on = argc > 1 && strcmp(argv[1], "on") == 0;

	for (int i = 0; i < LOCKS; i++) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
	}
	if (!on) {
		CHECK(fxpthread_diag_features() == 0);
		CHECK(fxpthread_diag_lock_stats(&m, &st) == ENOSYS);
		CHECK(fxpthread_diag_dump(1) == ENOSYS);
		CHECK(fxpthread_diag_reset() == ENOSYS);
		puts("off: ok");
		return 0;
	}
	CHECK(fxpthread_diag_features() & FXPTHREAD_DIAG_PROFILE);
	CHECK(fxpthread_diag_lock_stats(&m, &st) == 0);
	CHECK(st.kind == FXPTHREAD_DIAG_MUTEX);
	CHECK(st.acquisitions == LOCKS);
	CHECK(st.contended == 0 && st.wait_total_ns == 0);
	CHECK(fxpthread_diag_lock_stats(&never_used, &st) == ENOENT);

	int fds[2];
	char buf[65536];
	CHECK(pipe(fds) == 0);
	CHECK(fxpthread_diag_dump(fds[1]) == 0);
	close(fds[1]);
	ssize_t n = read(fds[0], buf, sizeof buf - 1);
	CHECK(n > 0);
	buf[n] = 0;
	CHECK(strstr(buf, "fxpthread lock profile") != 0);
	CHECK(strstr(buf, "acquisitions 1234") != 0);

	CHECK(fxpthread_diag_reset() == 0);
	CHECK(fxpthread_diag_lock_stats(&m, &st) == 0);
	CHECK(st.acquisitions == 0);
	pthread_mutex_lock(&m);
	pthread_mutex_unlock(&m);
	CHECK(fxpthread_diag_lock_stats(&m, &st) == 0 && st.acquisitions == 1);
	puts("on: ok");
	return 0;
}
