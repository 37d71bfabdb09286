"""Python threads on fxpthread.

The interpreter lock is a pthread mutex plus a condvar with a
CLOCK_MONOTONIC condattr, taken and dropped (with timed waits) every few
milliseconds while several threads run Python code; threading.Condition,
queue.Queue and ThreadPoolExecutor add more hand-offs of it.  Every total
is exact; output must equal py_threads.expected on glibc and on fxpthread.
"""
import concurrent.futures
import queue
import sys
import threading

failures = 0


def expect(what, got, want):
    global failures
    print(f"{what} = {got}")
    if got != want:
        print(f"{what}: got {got}, want {want}", file=sys.stderr)
        failures += 1


def run(n, fn):
    ts = [threading.Thread(target=fn, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


# Pure-Python work in 4 threads: the interpreter lock is handed over at
# every switch interval (made short, so it happens often).
sys.setswitchinterval(0.0005)
counts = [0] * 4
def spin(i):
    n = 0
    for _ in range(100000):
        n += 1
    counts[i] = n
run(4, spin)
expect("interpreter lock: loop iterations", sum(counts), 400000)

# A lock-protected counter: increments are not atomic across switches.
lock = threading.Lock()
total = 0
def add(_):
    global total
    for _ in range(20000):
        with lock:
            total += 1
run(4, add)
expect("threading.Lock counter", total, 80000)

rlock = threading.RLock()
rtotal = 0
def radd(_):
    global rtotal
    for _ in range(5000):
        with rlock:
            with rlock:
                rtotal += 1
run(4, radd)
expect("threading.RLock counter", rtotal, 20000)

# threading.Condition: bounded buffer.
cond = threading.Condition()
buf = []
done_producers = 0
consumed = []
def producer(base):
    global done_producers
    for i in range(1, 5001):
        with cond:
            cond.wait_for(lambda: len(buf) < 8)
            buf.append(base + i)
            cond.notify_all()
    with cond:
        done_producers += 1
        cond.notify_all()
def consumer():
    got = 0
    while True:
        with cond:
            cond.wait_for(lambda: buf or done_producers == 2)
            if not buf:
                consumed.append(got)
                return
            got += buf.pop(0)
            cond.notify_all()
ts = [threading.Thread(target=producer, args=(b,)) for b in (0, 1000000)]
ts += [threading.Thread(target=consumer) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
expect("threading.Condition sum", sum(consumed), 2 * 5000 * 5001 // 2 + 5000 * 1000000)
with cond:
    expect("threading.Condition wait(0.02) timed out", cond.wait(0.02), False)

# queue.Queue: producers and consumers, sentinel per consumer.
q = queue.Queue(maxsize=16)
results = queue.Queue()
def q_consumer():
    s = 0
    while True:
        item = q.get()
        if item is None:
            results.put(s)
            return
        s += item
def q_producer(base):
    for i in range(1, 5001):
        q.put(base + i)
cs = [threading.Thread(target=q_consumer) for _ in range(3)]
ps = [threading.Thread(target=q_producer, args=(b,)) for b in (0, 10000)]
for t in cs + ps:
    t.start()
for t in ps:
    t.join()
for _ in cs:
    q.put(None)
for t in cs:
    t.join()
expect("queue.Queue sum", sum(results.get() for _ in cs), 2 * 5000 * 5001 // 2 + 5000 * 10000)

# ThreadPoolExecutor: results in submission order.
def square_sum(n):
    return sum(i * i for i in range(n))
with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
    got = list(ex.map(square_sum, range(200)))
expect("ThreadPoolExecutor map", sum(got), sum(square_sum(n) for n in range(200)))
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
    futs = [ex.submit(pow, 2, k) for k in range(64)]
    expect("ThreadPoolExecutor submit", sum(f.result() for f in futs), 2 ** 64 - 1)

# Event and Barrier (built on Condition).
ev = threading.Event()
seen = []
def waiter(_):
    ev.wait()
    seen.append(1)
ts = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
ev.set()
for t in ts:
    t.join()
expect("threading.Event waiters released", len(seen), 3)
bar = threading.Barrier(3)
order = []
def phase(i):
    for r in range(50):
        order.append(r)
        bar.wait()
run(3, phase)
expect("threading.Barrier rounds in order", order == sorted(order), True)

sys.stdout.flush()
sys.exit(1 if failures else 0)
