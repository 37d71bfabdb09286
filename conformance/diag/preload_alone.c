/* LD_PRELOAD=libfxpthread-diag.so alone: the core comes in through the
 * diagnostics library's DT_NEEDED, behind libc in the global scope.
 * Every entry point must still reach the core, the observed ones and the
 * forwarded ones (attributes, barriers, spin locks) alike.  Proofs by
 * the objects' bytes, which differ between glibc and fxpthread:
 *   - the core marks a destroyed mutex with kind = UINT32_MAX;
 *   - the core keeps a barrier's threshold at byte 4 (glibc at byte 8);
 *   - a recursive mutex made through the attribute functions relocks. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	pthread_barrier_t b;
	pthread_spinlock_t s;
	int fails = 0;

	if (!dlsym(RTLD_DEFAULT, "fxpthread_active")) {
		puts("libfxpthread is not loaded");
		return 1;
	}
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	if (pthread_mutex_lock(&m) || pthread_mutex_lock(&m) ||
	    pthread_mutex_unlock(&m) || pthread_mutex_unlock(&m)) {
		puts("recursive relock failed");
		fails++;
	}
	pthread_mutex_destroy(&m);
	uint32_t kind;
	memcpy(&kind, (char *)&m + 16, sizeof kind);
	if (kind != UINT32_MAX) {
		puts("pthread_mutex_destroy did not reach the core");
		fails++;
	}
	pthread_barrier_init(&b, 0, 3);
	uint32_t threshold;
	memcpy(&threshold, (char *)&b + 4, sizeof threshold);
	if (threshold != 3) {
		puts("pthread_barrier_init did not reach the core");
		fails++;
	}
	pthread_barrier_destroy(&b);
	pthread_spin_init(&s, 0);
	if (pthread_spin_lock(&s) || pthread_spin_trylock(&s) == 0 ||
	    pthread_spin_unlock(&s)) {
		puts("spin lock misbehaves");
		fails++;
	}
	puts(fails ? "preload alone: FAILED" : "preload alone: ok");
	return fails != 0;
}
