/* Process-shared mutex and condvar across fork().
 *
 * A MAP_SHARED anonymous page holds a PTHREAD_PROCESS_SHARED mutex and
 * condvar.  NCHILD children and the parent each add ITERS to plain
 * counters under the mutex; the totals must be exact (shared futex keys:
 * a wake must cross the process boundary).  Then a condvar hand-shake in
 * both directions: each child waits for the parent's "go" (broadcast) and
 * answers with a signal the parent waits for.
 */
#include "stress.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define NCHILD 2

struct page {
	pthread_mutex_t m;
	pthread_cond_t c;
	long a, b;
	int go, done;
};

static void add(struct page *p, long iters)
{
	for (long i = 0; i < iters; i++) {
		OK(pthread_mutex_lock(&p->m));
		CHECK(p->a == p->b, "pid %d: torn a=%ld b=%ld", (int)getpid(),
		      p->a, p->b);
		p->a++;
		p->b++;
		OK(pthread_mutex_unlock(&p->m));
	}
}

int main(void)
{
	stress_begin("pshared_fork", 120);
	struct page *p = mmap(0, sizeof *p, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	OK(pthread_mutexattr_init(&ma));
	OK(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED));
	OK(pthread_mutex_init(&p->m, &ma));
	OK(pthread_condattr_init(&ca));
	OK(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	OK(pthread_cond_init(&p->c, &ca));

	long iters = stress_scale(20000);
	pid_t kids[NCHILD];
	for (int i = 0; i < NCHILD; i++) {
		kids[i] = fork();
		CHECK(kids[i] >= 0, "fork: %s", strerror(errno));
		if (kids[i] == 0) {
			alarm(110);
			add(p, iters);
			OK(pthread_mutex_lock(&p->m));
			while (!p->go)
				OK(pthread_cond_wait(&p->c, &p->m));
			p->done++;
			OK(pthread_cond_signal(&p->c));
			OK(pthread_mutex_unlock(&p->m));
			_exit(0);
		}
	}
	add(p, iters);
	OK(pthread_mutex_lock(&p->m));
	p->go = 1;
	OK(pthread_cond_broadcast(&p->c));
	while (p->done < NCHILD)
		OK(pthread_cond_wait(&p->c, &p->m));
	OK(pthread_mutex_unlock(&p->m));

	for (int i = 0; i < NCHILD; i++) {
		int st;
		CHECK(waitpid(kids[i], &st, 0) == kids[i], "waitpid: %s",
		      strerror(errno));
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "child %d: status %#x", i, st);
	}
	long want = (NCHILD + 1) * iters;
	CHECK(p->a == want && p->b == want, "total %ld/%ld, expected %ld",
	      p->a, p->b, want);
	printf("ok: pshared mutex        %d processes x %ld = %ld\n",
	       NCHILD + 1, iters, p->a);
	printf("ok: pshared condvar      go broadcast to %d children, %d answers\n",
	       NCHILD, p->done);
	OK(pthread_cond_destroy(&p->c));
	OK(pthread_mutex_destroy(&p->m));
	return 0;
}
