// The C++ standard library's synchronization on top of pthreads: each
// type below is built on the mutex, condvar or rwlock entry points (in
// the program, through <gthr-posix.h>, and in libstdc++.so itself).
// Every result is exact; output must equal cxx_sync.expected on glibc and
// on fxpthread.
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <latch>
#include <mutex>
#include <semaphore>
#include <shared_mutex>
#include <thread>
#include <vector>
#include <unistd.h>

using namespace std::chrono_literals;

static int failures;

static void expect(const char *what, long long got, long long want)
{
	std::printf("%s = %lld\n", what, got);
	if (got != want) {
		std::fprintf(stderr, "%s: got %lld, want %lld\n", what, got, want);
		failures++;
	}
}

static void run(int n, const std::function<void(int)> &fn)
{
	std::vector<std::thread> ts;
	for (int i = 0; i < n; i++)
		ts.emplace_back(fn, i);
	for (auto &t : ts)
		t.join();
}

// Run fn on another thread and return its result.
template <class F> static auto elsewhere(F fn)
{
	decltype(fn()) r{};
	std::thread([&] { r = fn(); }).join();
	return r;
}

constexpr int kThreads = 4;
constexpr int kIters = 20000;

static void mutexes()
{
	std::mutex m;
	long n = 0;
	run(kThreads, [&](int) {
		for (int i = 0; i < kIters; i++) {
			std::lock_guard<std::mutex> g(m);
			n++;
		}
	});
	expect("std::mutex count", n, kThreads * kIters);
	m.lock();
	expect("std::mutex try_lock by other thread", elsewhere([&] { return m.try_lock(); }), 0);
	m.unlock();

	std::recursive_mutex rm;
	long rn = 0;
	run(kThreads, [&](int) {
		for (int i = 0; i < kIters; i++) {
			std::lock_guard<std::recursive_mutex> a(rm);
			std::lock_guard<std::recursive_mutex> b(rm);
			rn++;
		}
	});
	expect("std::recursive_mutex count", rn, kThreads * kIters);

	std::timed_mutex tm;
	long tn = 0;
	run(kThreads, [&](int) {
		for (int i = 0; i < kIters / 4; i++) {
			if (!tm.try_lock_for(60s))
				continue;
			tn++;
			tm.unlock();
		}
	});
	expect("std::timed_mutex try_lock_for count", tn, kIters);
	tm.lock();
	expect("std::timed_mutex try_lock_for(20ms) held elsewhere",
	       elsewhere([&] { return tm.try_lock_for(20ms); }), 0);
	expect("std::timed_mutex try_lock_until(system_clock) held elsewhere",
	       elsewhere([&] { return tm.try_lock_until(std::chrono::system_clock::now() + 20ms); }), 0);
	tm.unlock();
	expect("std::timed_mutex try_lock_for free",
	       elsewhere([&] { bool ok = tm.try_lock_for(20ms); if (ok) tm.unlock(); return ok; }), 1);

	std::recursive_timed_mutex rtm;
	long rtn = 0;
	run(kThreads, [&](int) {
		for (int i = 0; i < kIters / 4; i++) {
			if (!rtm.try_lock_for(60s))
				continue;
			if (rtm.try_lock_for(1s)) {
				rtn++;
				rtm.unlock();
			}
			rtm.unlock();
		}
	});
	expect("std::recursive_timed_mutex count", rtn, kIters);
	rtm.lock();
	expect("std::recursive_timed_mutex try_lock_for held elsewhere",
	       elsewhere([&] { return rtm.try_lock_for(20ms); }), 0);
	rtm.unlock();

	// std::lock on two mutexes, in opposite orders from two threads.
	std::mutex a, b;
	long both = 0;
	run(2, [&](int id) {
		for (int i = 0; i < kIters / 4; i++) {
			if (id)
				std::lock(a, b);
			else
				std::lock(b, a);
			both++;
			a.unlock();
			b.unlock();
		}
	});
	expect("std::lock(a, b) both held", both, kIters / 2);
}

static void condvars()
{
	std::mutex m;
	std::condition_variable not_empty, not_full;
	std::deque<int> q;
	long sum = 0, taken = 0;
	int producers_left = 2;
	const int items = 10000;
	std::vector<std::thread> ts;
	for (int c = 0; c < 2; c++)
		ts.emplace_back([&] {
			std::unique_lock<std::mutex> l(m);
			for (;;) {
				not_empty.wait(l, [&] { return !q.empty() || producers_left == 0; });
				if (q.empty())
					return;
				sum += q.front();
				q.pop_front();
				taken++;
				not_full.notify_one();
			}
		});
	for (int p = 0; p < 2; p++)
		ts.emplace_back([&] {
			for (int i = 1; i <= items; i++) {
				std::unique_lock<std::mutex> l(m);
				// wait_for with a deadline never reached: pthread_cond_clockwait
				while (q.size() >= 8)
					not_full.wait_for(l, 60s);
				q.push_back(i);
				not_empty.notify_one();
			}
			std::lock_guard<std::mutex> l(m);
			if (--producers_left == 0)
				not_empty.notify_all();
		});
	for (auto &t : ts)
		t.join();
	expect("std::condition_variable items", taken, 2 * items);
	expect("std::condition_variable sum", sum, 2L * items * (items + 1) / 2);

	std::unique_lock<std::mutex> l(m);
	expect("std::condition_variable wait_for(20ms) timed out",
	       not_empty.wait_for(l, 20ms) == std::cv_status::timeout, 1);
	expect("std::condition_variable wait_until(system_clock) timed out",
	       not_empty.wait_until(l, std::chrono::system_clock::now() + 20ms) == std::cv_status::timeout, 1);
	expect("mutex held after timeout", l.owns_lock(), 1);
	l.unlock();

	// condition_variable_any, here over a shared_mutex held exclusively.
	std::shared_mutex sm;
	std::condition_variable_any cva;
	int turn = 0, moves = 0;
	run(2, [&](int me) {
		for (int i = 0; i < 2000; i++) {
			std::unique_lock<std::shared_mutex> g(sm);
			cva.wait(g, [&] { return turn == me; });
			turn = !me;
			moves++;
			cva.notify_all();
		}
	});
	expect("std::condition_variable_any ping-pong moves", moves, 4000);
	std::unique_lock<std::shared_mutex> g(sm);
	expect("std::condition_variable_any wait_for(20ms) timed out",
	       cva.wait_for(g, 20ms) == std::cv_status::timeout, 1);
}

static void shared_mutexes()
{
	std::shared_mutex sm;
	long a = 0, b = 0;
	std::atomic<long> torn{0}, reads{0};
	run(4, [&](int id) {
		for (int i = 0; i < 5000; i++) {
			if (id < 2) {
				std::unique_lock<std::shared_mutex> w(sm);
				a++;
				b++;
			} else {
				std::shared_lock<std::shared_mutex> r(sm);
				if (a != b)
					torn++;
				reads++;
			}
		}
	});
	expect("std::shared_mutex writes", a, 10000);
	expect("std::shared_mutex reads", reads, 10000);
	expect("std::shared_mutex torn reads", torn, 0);
	sm.lock_shared();
	expect("std::shared_mutex try_lock_shared elsewhere",
	       elsewhere([&] { bool ok = sm.try_lock_shared(); if (ok) sm.unlock_shared(); return ok; }), 1);
	expect("std::shared_mutex try_lock elsewhere", elsewhere([&] { return sm.try_lock(); }), 0);
	sm.unlock_shared();

	std::shared_timed_mutex stm;
	a = b = 0;
	torn = 0;
	reads = 0;
	run(4, [&](int id) {
		for (int i = 0; i < 5000; i++) {
			if (id < 2) {
				if (!stm.try_lock_for(60s))
					continue;
				a++;
				b++;
				stm.unlock();
			} else {
				if (!stm.try_lock_shared_for(60s))
					continue;
				if (a != b)
					torn++;
				reads++;
				stm.unlock_shared();
			}
		}
	});
	expect("std::shared_timed_mutex writes", a, 10000);
	expect("std::shared_timed_mutex reads", reads, 10000);
	expect("std::shared_timed_mutex torn reads", torn, 0);
	stm.lock();
	expect("std::shared_timed_mutex try_lock_shared_for(20ms) elsewhere",
	       elsewhere([&] { return stm.try_lock_shared_for(20ms); }), 0);
	expect("std::shared_timed_mutex try_lock_until(system_clock) elsewhere",
	       elsewhere([&] { return stm.try_lock_until(std::chrono::system_clock::now() + 20ms); }), 0);
	stm.unlock();
}

static void others()
{
	int phases = 0;
	std::barrier bar(kThreads, [&]() noexcept { phases++; });
	std::atomic<long> stale{0};
	std::vector<int> slot(kThreads);
	run(kThreads, [&](int id) {
		for (int i = 0; i < 200; i++) {
			slot[id] = i;
			bar.arrive_and_wait();
			for (int j = 0; j < kThreads; j++)
				if (std::atomic_ref<int>(slot[j]).load() != i)
					stale++;
			bar.arrive_and_wait();
		}
	});
	expect("std::barrier completion phases", phases, 400);
	expect("std::barrier stale slots", stale, 0);

	std::latch done(kThreads);
	std::atomic<int> arrived{0};
	std::vector<std::thread> ts;
	for (int i = 0; i < kThreads; i++)
		ts.emplace_back([&] { arrived++; done.count_down(); });
	done.wait();
	expect("std::latch arrivals seen after wait", arrived.load(), kThreads);
	for (auto &t : ts)
		t.join();

	std::counting_semaphore<2> sem(2);
	std::atomic<int> inside{0}, most{0};
	run(kThreads, [&](int) {
		for (int i = 0; i < 2000; i++) {
			sem.acquire();
			int now = ++inside;
			int seen = most.load();
			while (now > seen && !most.compare_exchange_weak(seen, now))
				;
			--inside;
			sem.release();
		}
	});
	expect("std::counting_semaphore<2> most inside at once <= 2", most.load() <= 2, 1);

	std::once_flag once;
	std::atomic<int> calls{0};
	run(kThreads, [&](int) {
		for (int i = 0; i < 100; i++)
			std::call_once(once, [&] { calls++; });
	});
	expect("std::call_once calls", calls.load(), 1);
}

int main()
{
	alarm(120);
	mutexes();
	condvars();
	shared_mutexes();
	others();
	std::fflush(stdout);
	if (failures)
		std::fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
