// The JVM's threads, with results that do not depend on their timing.
//
// HotSpot builds its monitors, Object.wait/notify, LockSupport.park (and
// with it every java.util.concurrent lock, queue, latch and barrier),
// Thread.sleep and its own VM and GC threads' locks on pthread mutexes
// and condvars (timed waits on CLOCK_MONOTONIC).  Each part prints one
// line whose value is fixed by the work alone.
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.LongStream;

public class JavaThreads {
	static long counter;

	interface Body {
		void run(int id) throws Exception;
	}

	static void inThreads(int n, Body body) throws Exception {
		Thread[] ts = new Thread[n];
		Exception[] failed = new Exception[1];
		for (int i = 0; i < n; i++) {
			final int id = i;
			ts[i] = new Thread(() -> {
				try {
					body.run(id);
				} catch (Exception e) {
					synchronized (failed) {
						failed[0] = e;
					}
				}
			});
			ts[i].start();
		}
		for (Thread t : ts)
			t.join();
		if (failed[0] != null)
			throw failed[0];
	}

	public static void main(String[] args) throws Exception {
		// Monitors: 8 threads on one lock.
		Object lock = new Object();
		inThreads(8, id -> {
			for (int k = 0; k < 100000; k++)
				synchronized (lock) {
					counter++;
				}
		});
		System.out.println("synchronized: " + counter);

		// wait/notifyAll: two threads hand a turn back and forth.  The
		// wait has no timeout, so a lost wakeup hangs the test.
		int[] turn = { 0 };
		int[] rounds = { 0 };
		inThreads(2, id -> {
			for (int r = 0; r < 10000; r++)
				synchronized (turn) {
					while (turn[0] != id)
						turn.wait();
					turn[0] = 1 - id;
					rounds[0]++;
					turn.notifyAll();
				}
		});
		System.out.println("wait/notify: " + rounds[0] + " hand-offs");

		// A bounded queue: 2 producers, 3 consumers (LockSupport.park);
		// when both producers are done, producer 0 sends the consumers
		// one end marker each.
		BlockingQueue<Long> q = new ArrayBlockingQueue<>(16);
		CountDownLatch produced = new CountDownLatch(2);
		long[] sums = new long[3];
		inThreads(5, id -> {
			if (id < 2) {
				for (long v = 1; v <= 100000; v++)
					q.put(v);
				produced.countDown();
				if (id == 0) {
					produced.await();
					for (int c = 0; c < 3; c++)
						q.put(-1L);
				}
			} else {
				long s = 0;
				for (;;) {
					long v = q.take();
					if (v < 0)
						break;
					s += v;
				}
				sums[id - 2] = s;
			}
		});
		System.out.println("queue: sum " + (sums[0] + sums[1] + sums[2]));

		// A cyclic barrier and latches: 4 threads, 2000 rounds.
		CyclicBarrier barrier = new CyclicBarrier(4);
		long[] seen = new long[4];
		long[] shared = { 0 };
		inThreads(4, id -> {
			for (int r = 0; r < 2000; r++) {
				synchronized (shared) {
					shared[0]++;
				}
				barrier.await(30, TimeUnit.SECONDS);
				synchronized (shared) {
					seen[id] += shared[0];
				}
				barrier.await(30, TimeUnit.SECONDS);
			}
		});
		long check = 0;
		for (int r = 1; r <= 2000; r++)
			check += 4L * r;
		System.out.println("barrier: every thread saw every round whole: " +
				   (seen[0] == check && seen[1] == check && seen[2] == check && seen[3] == check));
		CountDownLatch latch = new CountDownLatch(4);
		inThreads(4, id -> {
			Thread.sleep(2);
			latch.countDown();
		});
		System.out.println("latch: " + latch.await(30, TimeUnit.SECONDS));

		// A read-mostly map under a ReentrantReadWriteLock.
		ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
		Map<Integer, Long> map = new HashMap<>();
		long[] hits = new long[4];
		inThreads(4, id -> {
			for (int k = 0; k < 50000; k++) {
				int key = (k * 7 + id) % 64;
				if (k % 20 == 0) {
					rw.writeLock().lock();
					try {
						map.merge(key, 1L, Long::sum);
					} finally {
						rw.writeLock().unlock();
					}
				} else {
					rw.readLock().lock();
					try {
						if (map.containsKey(key))
							hits[id]++;
					} finally {
						rw.readLock().unlock();
					}
				}
			}
		});
		long writes = 0;
		for (long v : map.values())
			writes += v;
		System.out.println("rwlock: " + writes + " writes");

		// An executor, a parallel stream (fork/join pool) and garbage for
		// the collector's threads.
		ExecutorService ex = Executors.newFixedThreadPool(3);
		List<Future<Long>> fs = new ArrayList<>();
		for (int t = 0; t < 30; t++) {
			final long base = t;
			fs.add(ex.submit(() -> LongStream.rangeClosed(1, 100000).map(x -> x * base % 1000).sum()));
		}
		long total = 0;
		for (Future<Long> f : fs)
			total += f.get();
		ex.shutdown();
		System.out.println("executor: " + total + " " + ex.awaitTermination(30, TimeUnit.SECONDS));
		System.out.println("parallel stream: " +
				   LongStream.range(0, 5_000_000).parallel().map(x -> x % 7).sum());
		long kept = 0;
		List<byte[]> junk = new ArrayList<>();
		for (int i = 0; i < 100000; i++) {
			junk.add(new byte[2000]);
			if (junk.size() == 500) {
				kept += junk.size();
				junk = new ArrayList<>();
			}
		}
		System.gc();
		System.out.println("garbage: " + kept + " arrays dropped");
	}
}
