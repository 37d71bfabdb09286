// Every std:: synchronization type of C++20, with results that do not
// depend on scheduling: counters that must come out exact, timeouts that
// must be reported as timeouts, wakeups that must arrive.  The program
// prints one line per check and exits 1 if any check failed; its output
// is the same on every correct runtime (cxx_sync.expected).
//
// What reaches fxpthread through libstdc++ (GCC 12):
//   mutex, recursive_mutex           pthread_mutex_lock/trylock/unlock
//   timed_mutex, recursive_timed_mutex
//                                    + pthread_mutex_clocklock (steady_clock)
//                                    + pthread_mutex_timedlock (system_clock)
//   shared_mutex, shared_timed_mutex pthread_rwlock_*, incl. clock/timed
//   condition_variable               pthread_cond_wait, _clockwait (steady),
//                                    _timedwait (system_clock), signal, broadcast
//   condition_variable_any, jthread stop_token waits
//                                    an internal std::mutex + condition_variable
// barrier, latch, counting_semaphore and call_once use futexes or
// pthread_once directly; they are here because a program mixes them with
// the others, and they must keep working with fxpthread loaded.
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <latch>
#include <mutex>
#include <semaphore>
#include <shared_mutex>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using sys_clock = std::chrono::system_clock;

static int failures;

static void check(bool ok, const char *what)
{
	std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		++failures;
}

// Run f(i) on n threads and join them.
template <class F>
static void on_threads(int n, F f)
{
	std::vector<std::thread> t;
	for (int i = 0; i < n; ++i)
		t.emplace_back(f, i);
	for (auto &x : t)
		x.join();
}

// Holds a lock (of any Lockable-ish kind, acquired by `take`) in another
// thread until release() is called; the constructor returns once held.
struct holder {
	std::thread t;
	std::binary_semaphore held{0}, go{0};
	template <class Take, class Give>
	holder(Take take, Give give)
	{
		t = std::thread([this, take, give] {
			take();
			held.release();
			go.acquire();
			give();
		});
		held.acquire();
	}
	void release()
	{
		go.release();
		t.join();
	}
};

// A timed acquisition of a lock held elsewhere must fail, and not before
// its deadline.
template <class F>
static bool times_out(F try_for_50ms)
{
	auto t0 = steady::now();
	bool got = try_for_50ms();
	return !got && steady::now() - t0 >= 50ms;
}

static void test_mutex()
{
	std::mutex m;
	long counter = 0;
	on_threads(4, [&](int) {
		for (int i = 0; i < 100000; ++i) {
			std::lock_guard g(m);
			++counter;
		}
	});
	check(counter == 400000, "mutex: 4 x 100000 increments");

	holder h([&] { m.lock(); }, [&] { m.unlock(); });
	check(!m.try_lock(), "mutex: try_lock fails while another thread holds it");
	h.release();
	check(m.try_lock(), "mutex: try_lock succeeds once released");
	m.unlock();
}

static void test_recursive_mutex()
{
	std::recursive_mutex m;
	long counter = 0;
	on_threads(4, [&](int) {
		for (int i = 0; i < 20000; ++i) {
			std::lock_guard a(m);
			std::lock_guard b(m);
			std::lock_guard c(m);
			++counter;
		}
	});
	check(counter == 80000, "recursive_mutex: 4 x 20000 increments at depth 3");

	m.lock();
	bool again = m.try_lock();
	bool other = true;
	std::thread([&] {
		other = m.try_lock();
		if (other)
			m.unlock();
	}).join();
	check(again, "recursive_mutex: the owner's try_lock recurses");
	check(!other, "recursive_mutex: another thread's try_lock fails");
	m.unlock();
	m.unlock();
	std::thread([&] {
		other = m.try_lock();
		if (other)
			m.unlock();
	}).join();
	check(other, "recursive_mutex: free after as many unlocks as locks");
}

template <class TM>
static void timed_common(TM &m, const char *name)
{
	char what[160];
	holder h([&] { m.lock(); }, [&] { m.unlock(); });
	std::snprintf(what, sizeof what, "%s: try_lock_for(50ms) times out", name);
	check(times_out([&] { return m.try_lock_for(50ms); }), what);
	std::snprintf(what, sizeof what, "%s: try_lock_until(steady_clock) times out", name);
	check(times_out([&] { return m.try_lock_until(steady::now() + 50ms); }), what);
	std::snprintf(what, sizeof what, "%s: try_lock_until(system_clock) times out", name);
	check(times_out([&] { return m.try_lock_until(sys_clock::now() + 50ms); }), what);

	// Released while a timed locker waits: it gets the lock long before
	// its deadline.
	std::atomic<bool> got{false};
	std::thread w([&] {
		got = m.try_lock_for(10s);
		if (got)
			m.unlock();
	});
	std::this_thread::sleep_for(20ms);
	auto t0 = steady::now();
	h.release();
	w.join();
	std::snprintf(what, sizeof what, "%s: a timed locker gets the lock when released", name);
	check(got && steady::now() - t0 < 5s, what);

	long counter = 0;
	on_threads(4, [&](int) {
		for (int i = 0; i < 20000; ++i) {
			while (!m.try_lock_for(1s)) {
			}
			++counter;
			m.unlock();
		}
	});
	std::snprintf(what, sizeof what, "%s: 4 x 20000 increments via try_lock_for", name);
	check(counter == 80000, what);
}

static void test_timed_mutex()
{
	std::timed_mutex m;
	timed_common(m, "timed_mutex");
}

static void test_recursive_timed_mutex()
{
	std::recursive_timed_mutex m;
	timed_common(m, "recursive_timed_mutex");
	m.lock();
	bool a = m.try_lock_for(10ms);
	bool b = m.try_lock_until(sys_clock::now() + 10ms);
	check(a && b, "recursive_timed_mutex: the owner's timed locks recurse");
	m.unlock();
	m.unlock();
	m.unlock();
	bool other = false;
	std::thread([&] {
		other = m.try_lock();
		if (other)
			m.unlock();
	}).join();
	check(other, "recursive_timed_mutex: free after as many unlocks as locks");
}

// Writers keep a == b; readers must never see them differ.
template <class SM>
static void shared_common(SM &m, const char *name)
{
	char what[160];
	long a = 0, b = 0;
	std::atomic<long> torn{0}, reads{0};
	on_threads(6, [&](int id) {
		for (int i = 0; i < 20000; ++i) {
			if (id < 2) {
				std::unique_lock g(m);
				++a;
				++b;
			} else {
				std::shared_lock g(m);
				if (a != b)
					++torn;
				++reads;
			}
		}
	});
	std::snprintf(what, sizeof what, "%s: 2 writers x 20000, a == b == 40000", name);
	check(a == 40000 && b == 40000, what);
	std::snprintf(what, sizeof what, "%s: 4 readers x 20000 never saw a torn pair", name);
	check(torn == 0 && reads == 80000, what);

	{
		holder h([&] { m.lock(); }, [&] { m.unlock(); });
		std::snprintf(what, sizeof what, "%s: try_lock_shared fails under a writer", name);
		check(!m.try_lock_shared(), what);
		std::snprintf(what, sizeof what, "%s: try_lock fails under a writer", name);
		check(!m.try_lock(), what);
		h.release();
	}
	{
		holder h([&] { m.lock_shared(); }, [&] { m.unlock_shared(); });
		std::snprintf(what, sizeof what, "%s: try_lock fails under a reader", name);
		check(!m.try_lock(), what);
		bool shared_ok = m.try_lock_shared();
		if (shared_ok)
			m.unlock_shared();
		std::snprintf(what, sizeof what, "%s: try_lock_shared succeeds beside a reader", name);
		check(shared_ok, what);
		h.release();
	}
}

static void test_shared_mutex()
{
	std::shared_mutex m;
	shared_common(m, "shared_mutex");
}

static void test_shared_timed_mutex()
{
	std::shared_timed_mutex m;
	shared_common(m, "shared_timed_mutex");
	{
		holder h([&] { m.lock(); }, [&] { m.unlock(); });
		check(times_out([&] { return m.try_lock_for(50ms); }),
		      "shared_timed_mutex: try_lock_for times out under a writer");
		check(times_out([&] { return m.try_lock_shared_for(50ms); }),
		      "shared_timed_mutex: try_lock_shared_for times out under a writer");
		check(times_out([&] { return m.try_lock_until(sys_clock::now() + 50ms); }),
		      "shared_timed_mutex: try_lock_until(system_clock) times out");
		check(times_out([&] { return m.try_lock_shared_until(sys_clock::now() + 50ms); }),
		      "shared_timed_mutex: try_lock_shared_until(system_clock) times out");
		check(times_out([&] { return m.try_lock_shared_until(steady::now() + 50ms); }),
		      "shared_timed_mutex: try_lock_shared_until(steady_clock) times out");
		h.release();
	}
	{
		holder h([&] { m.lock_shared(); }, [&] { m.unlock_shared(); });
		check(times_out([&] { return m.try_lock_until(steady::now() + 50ms); }),
		      "shared_timed_mutex: try_lock_until(steady_clock) times out under a reader");
		bool s = m.try_lock_shared_for(50ms);
		if (s)
			m.unlock_shared();
		check(s, "shared_timed_mutex: try_lock_shared_for succeeds beside a reader");
		h.release();
	}
}

// A bounded queue with two condition variables: every item produced is
// consumed exactly once.
template <class CV, class M>
static long produce_consume(int producers, int consumers, int per_producer)
{
	M m;
	CV not_empty, not_full;
	std::deque<long> q;
	long sum = 0;
	int done = 0;
	std::vector<std::thread> t;
	for (int p = 0; p < producers; ++p)
		t.emplace_back([&, p] {
			for (int i = 1; i <= per_producer; ++i) {
				std::unique_lock g(m);
				not_full.wait(g, [&] { return q.size() < 8; });
				q.push_back(long(p) * per_producer + i);
				not_empty.notify_one();
			}
		});
	for (int c = 0; c < consumers; ++c)
		t.emplace_back([&] {
			for (;;) {
				std::unique_lock g(m);
				not_empty.wait(g, [&] { return !q.empty() || done == producers; });
				if (q.empty())
					return;
				sum += q.front();
				q.pop_front();
				not_full.notify_one();
			}
		});
	for (int p = 0; p < producers; ++p)
		t[p].join();
	{
		std::lock_guard g(m);
		done = producers;
	}
	not_empty.notify_all();
	for (size_t i = producers; i < t.size(); ++i)
		t[i].join();
	return sum;
}

static long expected_sum(long producers, long per)
{
	long n = producers * per;
	return n * (n + 1) / 2;
}

static void test_condition_variable()
{
	check(produce_consume<std::condition_variable, std::mutex>(3, 3, 20000) ==
		      expected_sum(3, 20000),
	      "condition_variable: 3 producers, 3 consumers, 60000 items, exact sum");

	std::mutex m;
	std::condition_variable cv;
	std::unique_lock g(m);
	auto t0 = steady::now();
	bool timeout = cv.wait_for(g, 50ms) == std::cv_status::timeout;
	check(timeout && steady::now() - t0 >= 50ms,
	      "condition_variable: wait_for(50ms) without notify times out");
	t0 = steady::now();
	bool r = cv.wait_until(g, steady::now() + 50ms, [] { return false; });
	check(!r && steady::now() - t0 >= 50ms,
	      "condition_variable: wait_until(steady_clock, pred) returns false at the deadline");
	auto s0 = sys_clock::now();
	timeout = cv.wait_until(g, s0 + 50ms) == std::cv_status::timeout;
	check(timeout && sys_clock::now() - s0 >= 50ms,
	      "condition_variable: wait_until(system_clock) times out");
	g.unlock();

	// Ping-pong: every notify is seen, no wait runs into its deadline.
	int turn = 0, timeouts = 0;
	std::thread other([&] {
		for (int i = 0; i < 2000; ++i) {
			std::unique_lock l(m);
			while (turn != 1)
				if (cv.wait_for(l, 10s) == std::cv_status::timeout)
					++timeouts;
			turn = 0;
			cv.notify_one();
		}
	});
	for (int i = 0; i < 2000; ++i) {
		std::unique_lock l(m);
		turn = 1;
		cv.notify_one();
		while (turn != 0)
			if (!cv.wait_until(l, sys_clock::now() + 10s, [&] { return turn == 0; }))
				++timeouts;
	}
	other.join();
	check(timeouts == 0, "condition_variable: 2000 round trips with wait_for / wait_until, no timeout");

	// notify_all: every waiter of a generation leaves, and only then.
	int gen = 0, arrived = 0, left = 0;
	std::condition_variable all;
	std::vector<std::thread> w;
	for (int i = 0; i < 5; ++i)
		w.emplace_back([&] {
			for (int round = 1; round <= 200; ++round) {
				std::unique_lock l(m);
				++arrived;
				all.notify_all();
				all.wait(l, [&] { return gen >= round; });
				++left;
			}
		});
	for (int round = 1; round <= 200; ++round) {
		std::unique_lock l(m);
		all.wait(l, [&] { return arrived == 5 * round; });
		++gen;
		all.notify_all();
	}
	for (auto &x : w)
		x.join();
	check(left == 1000, "condition_variable: notify_all releases 5 waiters x 200 generations");
}

static void test_condition_variable_any()
{
	check(produce_consume<std::condition_variable_any, std::timed_mutex>(2, 2, 20000) ==
		      expected_sum(2, 20000),
	      "condition_variable_any: bounded queue on a timed_mutex, exact sum");

	std::shared_mutex sm;
	std::condition_variable_any cv;
	std::unique_lock g(sm);
	auto t0 = steady::now();
	bool timeout = cv.wait_for(g, 50ms) == std::cv_status::timeout;
	check(timeout && steady::now() - t0 >= 50ms,
	      "condition_variable_any: wait_for(50ms) on a shared_mutex times out");
	auto s0 = sys_clock::now();
	bool r = cv.wait_until(g, s0 + 50ms, [] { return false; });
	check(!r && sys_clock::now() - s0 >= 50ms,
	      "condition_variable_any: wait_until(system_clock, pred) returns false at the deadline");
	g.unlock();

	// Readers wait with a shared_lock for a value published by a writer.
	int value = 0;
	std::atomic<int> seen{0};
	std::vector<std::thread> t;
	for (int i = 0; i < 4; ++i)
		t.emplace_back([&] {
			std::shared_lock l(sm);
			if (cv.wait_for(l, 10s, [&] { return value == 42; }))
				++seen;
		});
	std::this_thread::sleep_for(20ms);
	{
		std::unique_lock l(sm);
		value = 42;
	}
	cv.notify_all();
	for (auto &x : t)
		x.join();
	check(seen == 4, "condition_variable_any: 4 shared_lock waiters see the published value");
}

static void test_jthread_stop()
{
	std::mutex m;
	std::condition_variable_any cv;
	std::atomic<int> stopped{0}, callbacks{0}, registered{0};
	std::atomic<bool> requested{false};
	bool never = false;
	{
		std::vector<std::jthread> t;
		for (int i = 0; i < 4; ++i)
			t.emplace_back([&](std::stop_token st) {
				std::stop_callback cb(st, [&] { ++callbacks; });
				++registered;
				{
					std::unique_lock l(m);
					bool pred = cv.wait(l, st, [&] { return never; });
					if (!pred && st.stop_requested())
						++stopped;
				}
				/* Keep cb alive until request_stop has returned: a
				 * stop_callback destroyed first is never invoked (the
				 * wait can end, through its own callback, before
				 * request_stop reaches ours; seen on glibc alone). */
				while (!requested.load())
					std::this_thread::sleep_for(1ms);
			});
		while (registered.load() < 4)
			std::this_thread::sleep_for(1ms);
		std::this_thread::sleep_for(20ms);
		for (auto &x : t)
			x.request_stop();
		requested = true;
	} // jthread's destructor joins
	check(stopped == 4, "jthread: 4 waits with a stop_token end on request_stop");
	check(callbacks == 4, "jthread: 4 stop_callbacks ran");

	// A stop request against a timed wait with a stop_token: it ends
	// early, without a timeout.
	std::jthread waiter([&](std::stop_token st) {
		std::unique_lock l(m);
		auto t0 = steady::now();
		bool pred = cv.wait_for(l, st, 10s, [&] { return never; });
		if (!pred && st.stop_requested() && steady::now() - t0 < 5s)
			++stopped;
	});
	std::this_thread::sleep_for(20ms);
	waiter.request_stop();
	waiter.join();
	check(stopped == 5, "jthread: wait_for with a stop_token ends on request_stop");
}

static void test_barrier_latch()
{
	std::atomic<int> phases{0};
	std::atomic<int> mismatch{0};
	int phase_seen[4] = {};
	std::barrier sync(4, [&]() noexcept { ++phases; });
	on_threads(4, [&](int id) {
		for (int r = 0; r < 500; ++r) {
			phase_seen[id] = r;
			sync.arrive_and_wait();
			for (int j = 0; j < 4; ++j)
				if (phase_seen[j] != r)
					++mismatch;
			sync.arrive_and_wait();
		}
	});
	check(phases == 1000 && mismatch == 0,
	      "barrier: 4 threads x 1000 phases, completion ran once per phase");

	std::latch start(1), done(4);
	std::atomic<int> ran{0};
	std::vector<std::thread> t;
	for (int i = 0; i < 4; ++i)
		t.emplace_back([&] {
			start.wait();
			++ran;
			done.count_down();
		});
	bool early = done.try_wait();
	start.count_down();
	done.wait();
	for (auto &x : t)
		x.join();
	check(!early && ran == 4, "latch: 4 threads released together, waited for");
}

static void test_call_once()
{
	std::once_flag once;
	std::atomic<int> calls{0};
	on_threads(8, [&](int) {
		for (int i = 0; i < 1000; ++i)
			std::call_once(once, [&] { ++calls; });
	});
	check(calls == 1, "call_once: 8 threads x 1000 calls, one execution");

	std::once_flag retry;
	int attempts = 0;
	try {
		std::call_once(retry, [&] {
			++attempts;
			throw std::runtime_error("first");
		});
	} catch (const std::runtime_error &) {
	}
	std::call_once(retry, [&] { ++attempts; });
	std::call_once(retry, [&] { ++attempts; });
	check(attempts == 2, "call_once: a throwing call does not count, the next one does");
}

static void test_semaphore()
{
	// Bounded buffer of 4 slots guarded by two counting semaphores.
	std::counting_semaphore<4> slots(4), items(0);
	std::mutex m;
	std::deque<int> q;
	long sum = 0;
	std::thread prod([&] {
		for (int i = 1; i <= 50000; ++i) {
			slots.acquire();
			{
				std::lock_guard g(m);
				q.push_back(i);
			}
			items.release();
		}
	});
	std::thread cons([&] {
		for (int i = 1; i <= 50000; ++i) {
			items.acquire();
			std::lock_guard g(m);
			sum += q.front();
			q.pop_front();
			slots.release();
		}
	});
	prod.join();
	cons.join();
	check(sum == 50000L * 50001 / 2, "counting_semaphore: 50000 items through 4 slots, exact sum");

	std::counting_semaphore<2> empty(0);
	check(times_out([&] { return empty.try_acquire_for(50ms); }),
	      "counting_semaphore: try_acquire_for on 0 times out");
	check(times_out([&] { return empty.try_acquire_until(sys_clock::now() + 50ms); }),
	      "counting_semaphore: try_acquire_until(system_clock) on 0 times out");
	std::binary_semaphore ping(0), pong(0);
	std::thread p([&] {
		for (int i = 0; i < 5000; ++i) {
			ping.acquire();
			pong.release();
		}
	});
	for (int i = 0; i < 5000; ++i) {
		ping.release();
		pong.acquire();
	}
	p.join();
	check(!ping.try_acquire() && !pong.try_acquire(),
	      "binary_semaphore: 5000 round trips, both back at 0");
}

int main()
{
	std::setvbuf(stdout, nullptr, _IOLBF, 0);
	test_mutex();
	test_recursive_mutex();
	test_timed_mutex();
	test_recursive_timed_mutex();
	test_shared_mutex();
	test_shared_timed_mutex();
	test_condition_variable();
	test_condition_variable_any();
	test_jthread_stop();
	test_barrier_latch();
	test_call_once();
	test_semaphore();
	std::printf("%s: %d failed\n", failures ? "FAIL" : "done", failures);
	return failures ? 1 : 0;
}
