/* Reports, from inside a process, which library answers its mutex calls:
 *
 *   pthread_mutex_lock from: BASENAME   (dladdr of the address it bound)
 *   fxpthread_active: yes|no            (the name is found in the process)
 *   fxpthread_version: STRING           (when linked with -DPROBE_LINKED)
 *   marker library: yes|no              (probe_marker(), from a preload)
 *   args: [ARG1] [ARG2] ...
 *
 * With PROBE_LOG set, appends one line per run, "fxpthread" or "glibc",
 * so a caller can count the runs of each kind.  Exits with status 3 when
 * its first argument is "fail". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef PROBE_LINKED
#include <fxpthread.h>
#endif

int main(int argc, char **argv)
{
	static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec now;
	Dl_info info;

	/* Calls, so that the bindings happen and the log has them. */
	int r = pthread_mutex_lock(&m);
	clock_gettime(CLOCK_REALTIME, &now);
	r |= pthread_cond_timedwait(&c, &m, &now) != 110 /* ETIMEDOUT */;
	r |= pthread_cond_signal(&c);
	r |= pthread_mutex_unlock(&m);

	const char *from = "?";
	char path[4096] = "";
	if (dladdr((void *)pthread_mutex_lock, &info) && info.dli_fname) {
		snprintf(path, sizeof path, "%s", info.dli_fname);
		from = basename(path);
	}
	int active = dlsym(RTLD_DEFAULT, "fxpthread_active") != 0;
	int (*marker)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "probe_marker");

	printf("calls: %s\n", r ? "failed" : "ok");
	printf("pthread_mutex_lock from: %s\n", from);
	printf("pthread_mutex_lock path: %s\n", info.dli_fname ? info.dli_fname : "?");
	printf("fxpthread_active: %s\n", active ? "yes" : "no");
#ifdef PROBE_LINKED
	printf("fxpthread_version: %s\n", fxpthread_version());
	printf("header version: %d.%d.%d\n", FXPTHREAD_VERSION_MAJOR,
	       FXPTHREAD_VERSION_MINOR, FXPTHREAD_VERSION_PATCH);
	printf("fxpthread_active(): %d\n", fxpthread_active());
#endif
	printf("marker library: %s\n", marker && marker() == 42 ? "yes" : "no");
	printf("args:");
	for (int i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");

	const char *log = getenv("PROBE_LOG");
	if (log && *log) {
		FILE *f = fopen(log, "a");
		if (f) {
			fprintf(f, "%s\n", active ? "fxpthread" : "glibc");
			fclose(f);
		}
	}
	if (argc > 1 && strcmp(argv[1], "fail") == 0)
		return 3;
	return r ? 1 : 0;
}
