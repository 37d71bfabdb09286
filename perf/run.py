#!/usr/bin/env python3
"""Run the benchmark suite: glibc, fxpthread and musl, interleaved.

Started by perf/run.sh (which builds first); see docs/performance.md.

Per repetition, every case runs once on each configuration, the order of
the configurations rotating from one repetition to the next, so slow drift
on a shared machine falls on all three alike.  Each cell is the median of
the repetitions, with the min-max spread.  Separately:

  futex calls   one more run per case and configuration (median of
                --futex-reps runs) counts futex system calls during the
                measured phase only: in the benchmark itself through the
                kernel's syscalls:sys_enter_futex tracepoint when allowed
                (root), else under strace between markers the benchmark
                writes.  Never mixed with the timing runs.
  instructions  valgrind --tool=callgrind on the uncontended pairs: two
                runs that differ only in the number of pairs; the
                difference divided by the extra pairs is exact.
  sysbench      whole-process wall times through `fxrun --compare`.
"""

import argparse
import math
import csv
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

CONFIGS = ["glibc", "fxpthread", "musl"]
NEGLIGIBLE = 1e-3  # futex calls per op
QUICK_CALLGRIND = ["pair-mutex-normal", "pair-rwlock-read", "pair-spin"]
OUTPUTS = ["summary.csv", "runs.csv", "instructions.csv", "sysbench.csv", "goals.csv",
           "context.csv", "ratios.png"]

# metric key printed by fxbench -> (better, unit, in the chart)
METRICS = {
    "ns": ("lower", "ns/pair", True),
    "thr": ("higher", None, True),  # unit depends on the case
    "us": ("lower", "us/round", True),
    "fair": ("higher", "slowest/fastest", False),
    "maxwait_us": ("lower", "us", False),
}

THR_UNITS = [
    ("mutex-", "pairs/s"),
    ("pingpong", "round trips/s"),
    ("prodcons-", "items/s"),
    ("rwlock-", "ops/s"),
    ("barrier-", "rounds/s"),
]

GROUPS = [
    ("pair1t-", "uncontended, single-threaded process"),
    ("pair-", "uncontended"),
    ("mutex-", "contended mutex"),
    ("pingpong", "condvar ping-pong"),
    ("prodcons-", "producer/consumer"),
    ("broadcast-", "broadcast"),
    ("rwlock-", "rwlock mix"),
    ("barrier-", "barrier"),
]

# What a futex "op" is, per case prefix (the ops= the case prints).
OP_NAMES = [
    ("pair", "pair"),
    ("mutex-", "lock+unlock"),
    ("pingpong", "round trip"),
    ("prodcons-", "item"),
    ("broadcast-", "round"),
    ("rwlock-", "op"),
    ("barrier-", "round"),
]


def prefix_lookup(table, case, default=None):
    for p, v in table:
        if case.startswith(p):
            return v
    return default


def unit_of(case, metric):
    if metric == "thr":
        return prefix_lookup(THR_UNITS, case, "ops/s")
    return METRICS[metric][1]


START = None


def log(msg=""):
    global START
    if START is None:
        START = datetime.datetime.now()
    if msg.startswith("=="):
        msg += f"  [{(datetime.datetime.now() - START).total_seconds():.0f} s]"
    print(msg, flush=True)


# ------------------------------------------------------------------ running


class Runner:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build_dir)
        self.bench = os.path.join(self.build, "perf", "fxbench")
        self.bench_musl = os.path.join(self.build, "perf", "fxbench-musl")
        self.lib = os.path.join(self.build, "libfxpthread.so.0")
        self.fxrun = os.path.join(self.build, "fxrun")
        for f in (self.bench, self.lib):
            if not os.path.exists(f):
                sys.exit(f"run.py: {f} is missing (build first: perf/run.sh)")
        self.configs = [c for c in CONFIGS if c != "musl" or os.path.exists(self.bench_musl)]
        if "musl" not in self.configs:
            log("note: fxbench-musl not built (musl-gcc missing): no musl reference")
        self.failures = []

    def command(self, config, argv):
        env = dict(os.environ)
        env.pop("LD_PRELOAD", None)
        if config == "fxpthread":
            env["LD_PRELOAD"] = self.lib
        exe = self.bench_musl if config == "musl" else self.bench
        return [exe] + argv, env

    def run(self, config, argv, timeout=120, wrap=None):
        cmd, env = self.command(config, argv)
        if wrap:
            cmd = wrap + cmd
        try:
            p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, f"timed out after {timeout}s: {' '.join(cmd)}"
        if p.returncode != 0:
            return None, f"exit {p.returncode}: {' '.join(argv)} on {config}: {p.stderr.strip()[-300:]}"
        return p, None

    def bench_line(self, config, argv, **kw):
        p, err = self.run(config, argv, **kw)
        if err:
            self.failures.append(err)
            log("  FAILED " + err)
            return None
        for line in p.stdout.splitlines():
            if line.startswith("case="):
                rec = dict(kv.split("=", 1) for kv in line.split())
                if rec.get("impl") != config:
                    sys.exit(f"run.py: {config} run reports impl={rec.get('impl')}: "
                             "the preload did not take effect")
                return rec, p
        self.failures.append(f"no result line: {argv} on {config}")
        return None


# ------------------------------------------------------------------ context


def sh(cmd):
    try:
        p = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30)
        return (p.stdout + p.stderr).strip()
    except Exception:
        return ""


def context(r):
    info = {}
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break  # the first CPU is enough
                k, _, v = line.partition(":")
                fields[k.strip()] = v.strip()
    except OSError:
        pass
    cpu = fields.get("model name") or platform.processor()
    if "cpu family" in fields:
        cpu += f" (family {fields['cpu family']} model {fields.get('model', '?')} stepping {fields.get('stepping', '?')})"
    if "hypervisor" in fields.get("flags", "").split():
        cpu += ", virtual machine"
    info["cpu"] = cpu
    info["cores"] = str(os.cpu_count())
    info["kernel"] = platform.release()
    g = sh(f"{r.bench} info")
    f = sh(f"LD_PRELOAD={r.lib} {r.bench} info")
    info["glibc"] = re.search(r"libc=(\S+)", g).group(1) if "libc=" in g else "?"
    m = re.search(r"fxpthread=(.*)", f)
    info["fxpthread"] = m.group(1).strip() if m else "?"
    musl = "-"
    for loader in ("/lib/ld-musl-x86_64.so.1", "/lib/ld-musl-aarch64.so.1"):
        if os.path.exists(loader):
            mm = re.search(r"Version\s+(\S+)", sh(loader))
            musl = mm.group(1) if mm else "?"
    info["musl"] = musl if "musl" in r.configs else "not built"
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rev = sh(f"git -C {src} describe --always --dirty 2>/dev/null")
    info["fxpthread"] += f" (source {rev})" if rev and "fatal" not in rev else ""
    info["compiler"] = sh("gcc --version | head -1")
    info["load_before"] = sh("cut -d' ' -f1-3 /proc/loadavg")
    info["futex_counter"] = "tracepoint" if "futex_counter=tracepoint" in g else (
        "strace" if shutil.which("strace") else "none")
    info["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return info


# -------------------------------------------------------------- the phases


def calibrate_cs(r):
    vals = []
    for _ in range(5):
        p, err = r.run("glibc", ["calibrate", "100"])
        if p:
            vals.append(int(p.stdout.split("=")[1]))
    return int(statistics.median(vals)) if vals else 40


def VARIANTS(case):
    """Runs per case and repetition: the contended mutex cases time each
    lock() call in a run of their own (the clock is too slow to read in
    the throughput run)."""
    return [[], ["--wait-times"]] if case.startswith("mutex-") else [[]]


def timing_runs(r, cases, reps, ms, cs_loops, raw):
    """raw[(case, metric, config)] -> list of values."""
    n = sum(len(VARIANTS(c)) for c in cases) * len(r.configs)
    for rep in range(reps):
        order = r.configs[rep % len(r.configs):] + r.configs[:rep % len(r.configs)]
        log(f"  repetition {rep + 1}/{reps} ({n} runs, order {' '.join(order)})")
        for case in cases:
            for variant in VARIANTS(case):
                for config in order:
                    res = r.bench_line(config, [case, "--ms", str(ms), "--cs-loops", str(cs_loops)]
                                       + variant)
                    if not res:
                        continue
                    rec, _ = res
                    for k, v in rec.items():
                        if k in METRICS:
                            raw.setdefault((case, k, config), []).append(float(v))


def strace_count(r, config, argv):
    """Futex calls between the benchmark's markers, counted by strace."""
    with tempfile.NamedTemporaryFile(prefix="fxbench-strace-", delete=False) as t:
        path = t.name
    try:
        res = r.bench_line(config, argv + ["--markers"], timeout=300,
                           wrap=["strace", "-f", "-qq", "-e", "trace=futex,write", "-o", path])
        if not res:
            return None, None
        rec, _ = res
        count, inside = 0, False
        with open(path, errors="replace") as f:
            for line in f:
                if "fxbench:begin" in line:
                    inside = True
                elif "fxbench:end" in line:
                    inside = False
                elif inside and re.search(r"(^|\s)futex\(", line):
                    count += 1
        return rec, count
    finally:
        os.unlink(path)


def futex_runs(r, cases, reps, ms, cs_loops, method, raw):
    """futex[(case, config)] -> median futex calls per op; every run's
    value also goes to raw[(case, "futex_per_op", config)]."""
    per = {}
    for rep in range(reps):
        order = r.configs[rep % len(r.configs):] + r.configs[:rep % len(r.configs)]
        for case in cases:
            for config in order:
                argv = [case, "--ms", str(ms), "--cs-loops", str(cs_loops)]
                if method == "tracepoint":
                    res = r.bench_line(config, argv + ["--futex"])
                    if not res:
                        continue
                    rec, _ = res
                    count = int(rec.get("futex", -1))
                elif method == "strace":
                    rec, count = strace_count(r, config, argv)
                    if rec is None:
                        continue
                else:
                    continue
                ops = float(rec.get("ops", 0))
                if count >= 0 and ops > 0:
                    per.setdefault((case, config), []).append(count / ops)
                    raw.setdefault((case, "futex_per_op", config), []).append(count / ops)
    return {k: statistics.median(v) for k, v in per.items()}


def callgrind_runs(r, cases, extra):
    """instr[(case, config)] -> instructions per pair."""
    if not shutil.which("valgrind"):
        log("  valgrind not found: no instruction counts")
        return {}
    base = 10000
    out = {}
    for case in cases:
        for config in r.configs:
            counts = []
            for n in (base, base + extra):
                res = r.bench_line(config, [case, "--iters", str(n)], timeout=600,
                                   wrap=["valgrind", "--tool=callgrind",
                                         "--callgrind-out-file=/dev/null"])
                if not res:
                    break
                m = re.search(r"Collected : (\d+)", res[1].stderr)
                if not m:
                    break
                counts.append(int(m.group(1)))
            if len(counts) == 2:
                out[(case, config)] = (counts[1] - counts[0]) / extra
    return out


WHOLE_PROCESS = [
    # name, command at full size (the number --quick scales is marked {n});
    # {build} is the build tree.
    ("sysbench mutex, 4 threads, 1 mutex",
     "sysbench mutex --threads=4 --mutex-num=1 --mutex-locks={n} --mutex-loops=50 run", 4000000),
    ("sysbench mutex, 4 threads, 4096 mutexes",
     "sysbench mutex --threads=4 --mutex-num=4096 --mutex-locks={n} --mutex-loops=50 run", 8000000),
    ("sysbench threads, 8 threads",
     "sysbench threads --threads=8 --thread-yields=100 --thread-locks=8 --events={n} --time=0 run", 8000),
    ("fxdemo (perf/fxdemo.c)", "{build}/perf/fxdemo {n}", 1.0),  # a float: a scale
    # real runtimes, with the programs of the `programs` test suite
    ("node: thread pool and worker ring",
     "node {root}/conformance/programs/node_threads.js", None),
    ("perl: ithreads queue, barrier, hand-off",
     "perl {root}/conformance/programs/perl_threads.pl", None),
]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def whole_process_runs(r, reps, scale):
    """sysbench and the demo, timed whole-process by fxrun --compare."""
    out = []
    for name, template, n in WHOLE_PROCESS:
        size = "" if n is None else f"{n * scale:g}" if isinstance(n, float) else str(max(1, int(n * scale)))
        args = template.format(n=size, build=r.build, root=ROOT).split()
        if not shutil.which(args[0]) and not os.path.exists(args[0]):
            log(f"  {args[0]} not found: {name} skipped")
            continue
        env = dict(os.environ)
        env.pop("LD_PRELOAD", None)
        env["FXPTHREAD_LIB"] = r.lib
        p = subprocess.run(["sh", r.fxrun, "--compare", "--repeat", str(reps), "--"] + args,
                           env=env, capture_output=True, text=True, timeout=900)
        g = re.search(r"glibc:\s+([\d.]+) ms", p.stderr)
        f = re.search(r"fxpthread:\s+([\d.]+) ms", p.stderr)
        if p.returncode != 0 or not g or not f:
            r.failures.append(f"fxrun --compare {' '.join(args)}: {p.stderr.strip()[-300:]}")
            continue
        gm, fm = float(g.group(1)), float(f.group(1))
        shown = " ".join(os.path.basename(a) if a.startswith(r.build) else
                         os.path.relpath(a, ROOT) if a.startswith(ROOT) else a for a in args)
        out.append({"test": name, "command": shown, "runs": reps,
                    "glibc_ms": gm, "fxpthread_ms": fm, "ratio": fm / gm})
        log(f"  {name}: glibc {gm:.0f} ms, fxpthread {fm:.0f} ms, ratio {fm / gm:.3f}")
    return out


# ------------------------------------------------------------------ summary


def summarize(cases, raw, futex, instr, configs):
    rows = []
    for case in cases:
        for metric in METRICS:
            if not any((case, metric, c) in raw for c in configs):
                continue
            better, _, chart = METRICS[metric]
            row = {"case": case, "group": prefix_lookup(GROUPS, case, ""), "metric": metric,
                   "unit": unit_of(case, metric), "better": better}
            for c in configs:
                v = raw.get((case, metric, c), [])
                row[c] = statistics.median(v) if v else None
                row[c + "_min"] = min(v) if v else None
                row[c + "_max"] = max(v) if v else None
                row[c + "_n"] = len(v)
            for c in configs:
                row["futex_" + c] = futex.get((case, c))
                row["instr_" + c] = instr.get((case, c)) if metric == "ns" else None
            row["fx_over_glibc"] = ratio(row.get("fxpthread"), row.get("glibc"))
            row["musl_over_glibc"] = ratio(row.get("musl"), row.get("glibc"))
            # >1: fxpthread better, whatever the metric's direction
            row["fx_gain_vs_glibc"] = gain(row.get("fxpthread"), row.get("glibc"), better)
            row["fx_gain_vs_musl"] = gain(row.get("fxpthread"), row.get("musl"), better)
            row["musl_gain_vs_glibc"] = gain(row.get("musl"), row.get("glibc"), better)
            row["chart"] = chart
            rows.append(row)
    return rows


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def gain(a, b, better):
    if a is None or b is None or a == 0 or b == 0:
        return None
    return a / b if better == "higher" else b / a


def fmt(v, digits=3):
    if v is None:
        return "-"
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.{digits}g}M"
    if a >= 1e4:
        return f"{v / 1e3:.{digits}g}k"
    if a >= 10 ** digits:
        return f"{v:.0f}"
    return f"{v:.{digits}g}"


def cell(row, c):
    if row.get(c) is None:
        return "-"
    return f"{fmt(row[c])} [{fmt(row[c + '_min'])}-{fmt(row[c + '_max'])}]"


def print_table(rows, configs):
    log("")
    log("median [min-max] per cell; fx/glibc is the plain ratio of the values "
        "(for ns and us lower is better, for the rest higher is better)")
    head = f"{'case':<22} {'metric':<10} " + " ".join(f"{c:<24}" for c in configs) + \
           f" {'fx/glibc':>8} {'futex/op glibc fx musl':>24}"
    log(head)
    log("-" * len(head))
    for row in rows:
        fut = " ".join(fmt(row.get("futex_" + c), 2) if row["metric"] in ("ns", "thr", "us") else ""
                       for c in configs)
        log(f"{row['case']:<22} {row['metric']:<10} " +
            " ".join(f"{cell(row, c):<24}" for c in configs) +
            f" {fmt(row['fx_over_glibc']):>8} {fut:>24}")


# -------------------------------------------------------------------- goals


def goals(rows, sysb, instr):
    """Each: (goal, target, measured text, met: True/False/None for n/a).
    A goal over several cells is met when every cell meets it."""
    by = {(row["case"], row["metric"]): row for row in rows}

    def field(case, metric, key):
        row = by.get((case, metric))
        return row.get(key) if row else None

    def rt(case, metric):
        return field(case, metric, "fx_over_glibc")

    def mark(label, case, metric):
        """'*' when fxpthread's and glibc's min-max ranges overlap: the
        verdict on that cell is within the noise of the run."""
        row = by.get((case, metric))
        if not row or row.get("fxpthread_min") is None or row.get("glibc_min") is None:
            return label
        apart = row["fxpthread_min"] > row["glibc_max"] or row["fxpthread_max"] < row["glibc_min"]
        return label if apart else (label + "*" if label else "*")

    out = []

    def add(goal, target, cells, test, show=lambda v: f"{v:.2f}x"):
        """cells: [(label, value)]; a value of None makes the goal n/a."""
        if not cells or any(v is None for _, v in cells):
            out.append((goal, target, "n/a", None))
            return
        txt = ", ".join((f"{label} " if label else "") + show(v) for label, v in cells)
        out.append((goal, target, txt, all(test(v) for _, v in cells)))

    add("uncontended mutex pair, time", "<= 0.70x",
        [(mark("", "pair-mutex-normal", "ns"), rt("pair-mutex-normal", "ns"))], lambda v: v <= 0.70)
    ig, ifx = instr.get(("pair-mutex-normal", "glibc")), instr.get(("pair-mutex-normal", "fxpthread"))
    add("uncontended mutex pair, instructions", "<= 0.5x",
        [(f"{ifx:.0f} vs {ig:.0f}:" if ig and ifx is not None else "",
          ifx / ig if ig and ifx is not None else None)], lambda v: v <= 0.5)
    add("rwlock read pair, time", "<= 0.75x", [(mark("", "pair-rwlock-read", "ns"), rt("pair-rwlock-read", "ns"))], lambda v: v <= 0.75)
    add("contended mutex, empty CS, throughput", ">= 1.5x",
        [(mark(f"{t} thr", f"mutex-t{t}-empty", "thr"), rt(f"mutex-t{t}-empty", "thr")) for t in (2, 4, 8)], lambda v: v >= 1.5)
    add("contended mutex, 100 ns CS, throughput", ">= 1.3x",
        [(mark(f"{t} thr", f"mutex-t{t}-cs100", "thr"), rt(f"mutex-t{t}-cs100", "thr")) for t in (2, 4, 8)], lambda v: v >= 1.3)

    # Both sides below NEGLIGIBLE calls per op is a handful of calls in a
    # whole run: the ratio is noise, and the cell counts as met ("~0").
    fut = []
    for t in (2, 4, 8, 32):
        for cs in ("empty", "cs100"):
            g = field(f"mutex-t{t}-{cs}", "thr", "futex_glibc")
            f = field(f"mutex-t{t}-{cs}", "thr", "futex_fxpthread")
            fut.append((f"{t} thr {'empty' if cs == 'empty' else '100ns'}",
                        None if g is None or f is None else (f, g)))
    add("contended mutex, futex calls per op", "<= 0.2x", fut,
        lambda v: v[0] <= 0.2 * v[1] or max(v) < NEGLIGIBLE,
        lambda v: "~0" if max(v) < NEGLIGIBLE else (f"{v[0] / v[1]:.2f}x" if v[1] else "inf"))
    add("contended mutex, 32 threads, throughput", ">= 1.0x",
        [(mark("empty", "mutex-t32-empty", "thr"), rt("mutex-t32-empty", "thr")),
         (mark("100ns", "mutex-t32-cs100", "thr"), rt("mutex-t32-cs100", "thr"))],
        lambda v: v >= 1.0)
    add("contended mutex, fairness (fxpthread slowest/fastest)", ">= 0.5",
        [(f"{t} thr {'empty' if cs == 'empty' else '100ns'}", field(f"mutex-t{t}-{cs}", "fair", "fxpthread"))
         for t in (2, 4, 8, 32) for cs in ("empty", "cs100")],
        lambda v: v >= 0.5, lambda v: f"{v:.2f}")
    add("broadcast, time until all passed", "<= 0.5x",
        [(mark(f"{n} waiters", f"broadcast-{n}", "us"), rt(f"broadcast-{n}", "us")) for n in (8, 64)], lambda v: v <= 0.5)
    bf = []
    for n in (8, 64):
        g = field(f"broadcast-{n}", "us", "futex_glibc")
        f = field(f"broadcast-{n}", "us", "futex_fxpthread")
        bf.append((f"{n} waiters", f / g if g and f is not None else None))
    add("broadcast, futex calls per round", "<= 0.6x", bf, lambda v: v <= 0.6)
    add("producer/consumer, throughput", ">= 1.5x",
        [(mark("1x3", "prodcons-1x3", "thr"), rt("prodcons-1x3", "thr")),
         (mark("3x1", "prodcons-3x1", "thr"), rt("prodcons-3x1", "thr"))], lambda v: v >= 1.5)
    add("condvar ping-pong, round trips", ">= 1.0x",
        [(mark("1 pair", "pingpong", "thr"), rt("pingpong", "thr")),
         (mark("4 pairs", "pingpong-p4", "thr"), rt("pingpong-p4", "thr"))], lambda v: v >= 1.0)
    add("rwlock 95% reads, 2 threads", ">= 2x", [(mark("", "rwlock-t2-r95", "thr"), rt("rwlock-t2-r95", "thr"))], lambda v: v >= 2.0)
    add("rwlock 95% reads, 4 threads", ">= 1.5x", [(mark("", "rwlock-t4-r95", "thr"), rt("rwlock-t4-r95", "thr"))], lambda v: v >= 1.5)
    add("barrier, 2 threads, rounds", ">= 2x", [(mark("", "barrier-t2", "thr"), rt("barrier-t2", "thr"))], lambda v: v >= 2.0)

    have_musl = any(row.get("fx_gain_vs_musl") is not None for row in rows)
    slower = sorted(((row["fx_gain_vs_musl"], row["case"]) for row in rows
                     if row["chart"] and row.get("fx_gain_vs_musl") is not None
                     and row["fx_gain_vs_musl"] < 1.0))
    if not have_musl:
        out.append(("no case slower than musl", "all >= 1.0x", "n/a", None))
    else:
        txt = "none slower" if not slower else f"{len(slower)} slower: " + ", ".join(
            f"{c} {1 / g:.2f}x" for g, c in slower)
        out.append(("no case slower than musl", "all >= 1.0x", txt, not slower))

    add("sysbench mutex, wall time", "<= 0.8x",
        [(s["test"].replace("sysbench mutex, ", ""), s["ratio"]) for s in sysb
         if s["test"].startswith("sysbench mutex")] or [("", None)], lambda v: v <= 0.8)
    add("other real programs, wall time", "<= 1.0x",
        [(s["test"].split(",")[0].split(":")[0].split(" (")[0], s["ratio"]) for s in sysb
         if not s["test"].startswith("sysbench mutex")] or [("", None)], lambda v: v <= 1.0)
    return out


# ------------------------------------------------------------------- output


def write_csv(path, fields, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if row.get(k) is None else
                            (f"{row[k]:.6g}" if isinstance(row[k], float) else row[k]))
                        for k in fields})


def chart(rows, out_dir, configs, title):
    gp = shutil.which("gnuplot")
    if not gp:
        log("  gnuplot not found: no chart")
        return None
    data = os.path.join(out_dir, "ratios.dat")
    sel = [r for r in rows if r["chart"] and r.get("fx_gain_vs_glibc")]
    with open(data, "w") as f:
        for row in sel:
            m = row.get("musl_gain_vs_glibc") or "NaN"
            f.write(f"\"{row['case']}\" {row['fx_gain_vs_glibc']:.4f} {m}\n")
    png = os.path.join(out_dir, "ratios.png")
    vals = [v for row in sel for v in (row["fx_gain_vs_glibc"], row.get("musl_gain_vs_glibc")) if v]
    lo = 2.0 ** (math.floor(math.log2(min(vals))) - 1) if vals else 1 / 16
    hi = 2.0 ** (math.ceil(math.log2(max(vals))) + 1) if vals else 16
    tics = ", ".join(f'"{t}" {2.0 ** e}' for e in range(int(math.log2(lo)), int(math.log2(hi)) + 1)
                     for t in [f"1/{2 ** -e}" if e < 0 else f"{2 ** e}"])
    script = f"""
set terminal pngcairo size 1500,620 font "sans,10"
set output '{png}'
set title "{title}"
set ylabel "speed relative to glibc (log scale; > 1 = faster than glibc)"
set logscale y 2
set yrange [{lo}:{hi}]
set ytics ({tics})
set grid ytics
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -50 scale 0 font ",9"
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
plot '{data}' using 2:xtic(1) title "fxpthread" lc rgb "#2b6cb0", \\
     '' using 3 title "musl" lc rgb "#dd8833", \\
     '' using ($0 - 0.22):($2 * 1.12):(sprintf("%.2f", $2)) with labels rotate by 90 left font ",8" notitle
"""
    p = subprocess.run([gp], input=script, capture_output=True, text=True)
    os.unlink(data)
    if p.returncode != 0:
        log("  gnuplot failed: " + p.stderr.strip()[-300:])
        return None
    return png


# --------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--out", help="results directory (default: perf/results, or BUILD/perf/results-quick)")
    ap.add_argument("--quick", action="store_true", help="short form for CI (~1-2 minutes)")
    ap.add_argument("--reps", type=int, help="timing repetitions per cell (default 7; 3 with --quick)")
    ap.add_argument("--ms", type=float, help="measuring time per run in ms (default 200; 50 with --quick)")
    ap.add_argument("--futex-reps", type=int, help="futex counting runs per cell (default 3; 1 with --quick)")
    ap.add_argument("--cases", help="comma-separated case prefixes to run (default: all)")
    ap.add_argument("--futex-counter", choices=["auto", "tracepoint", "strace"], default="auto",
                    help="how to count futex calls (auto: the tracepoint when allowed, else strace)")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--no-sysbench", action="store_true")
    args = ap.parse_args()

    quick = args.quick
    reps = args.reps or (3 if quick else 7)
    ms = args.ms or (50 if quick else 200)
    futex_reps = args.futex_reps or (1 if quick else 3)
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = args.out or (os.path.join(args.build_dir, "perf", "results-quick") if quick
                           else os.path.join(here, "results"))
    os.makedirs(out_dir, exist_ok=True)
    for f in OUTPUTS:  # no stale file from an earlier run may pass for this one's
        if os.path.exists(os.path.join(out_dir, f)):
            os.unlink(os.path.join(out_dir, f))

    r = Runner(args)
    cases = subprocess.run([r.bench, "list"], capture_output=True, text=True, check=True).stdout.split()
    if args.cases:
        pre = args.cases.split(",")
        cases = [c for c in cases if any(c.startswith(p) for p in pre)]
    pair_cases = [c for c in cases if c.startswith("pair")]

    ctx = context(r)
    if args.futex_counter != "auto":
        ctx["futex_counter"] = args.futex_counter
    ctx["mode"] = "quick" if quick else "full"
    ctx["repetitions"] = str(reps)
    ctx["ms_per_run"] = f"{ms:g}"
    ctx["futex_reps"] = str(futex_reps)
    log("== context")
    for k, v in ctx.items():
        log(f"  {k:<14} {v}")
    cs_loops = calibrate_cs(r)
    ctx["cs100_loops"] = str(cs_loops)
    log(f"  {'cs100_loops':<14} {cs_loops} (delay loop iterations for a ~100 ns critical section)")

    raw = {}
    log(f"== timing: {len(cases)} cases x {len(r.configs)} configurations x {reps} repetitions, interleaved")
    timing_runs(r, cases, reps, ms, cs_loops, raw)

    method = ctx["futex_counter"]
    log(f"== futex calls per op ({method}; {futex_reps} separate run(s) per cell)")
    futex = futex_runs(r, cases, futex_reps, ms, cs_loops, method, raw)

    instr = {}
    if not args.no_callgrind and pair_cases:
        extra = 20000 if quick else 200000
        # The short form counts the pairs that goals name; valgrind's
        # start-up makes each case cost seconds on a loaded machine.
        cg_cases = [c for c in pair_cases if not quick or c in QUICK_CALLGRIND]
        log(f"== instructions per pair (callgrind, {extra} extra pairs, {len(cg_cases)} cases)")
        instr = callgrind_runs(r, cg_cases, extra)

    sysb = []
    if not args.no_sysbench:
        sreps = 3 if quick else 7
        log(f"== sysbench and the demo under fxrun --compare ({sreps} runs each, interleaved)")
        sysb = whole_process_runs(r, sreps, 0.25 if quick else 1.0)

    ctx["load_after"] = sh("cut -d' ' -f1-3 /proc/loadavg")
    rows = summarize(cases, raw, futex, instr, r.configs)
    print_table(rows, r.configs)

    if instr:
        log("")
        log("instructions per uncontended pair (callgrind, exact)")
        for c in [c for c in pair_cases if any((c, cf) in instr for cf in r.configs)]:
            vals = "  ".join(f"{cf} {instr.get((c, cf), float('nan')):6.1f}" for cf in r.configs)
            g, f = instr.get((c, "glibc")), instr.get((c, "fxpthread"))
            log(f"  {c:<22} {vals}   fx/glibc {fmt(ratio(f, g))}")

    gl = goals(rows, sysb, instr)
    log("")
    log("== goals (fxpthread / glibc)")
    for goal, target, measured, met in gl:
        state = "n/a" if met is None else ("met" if met else "NOT MET")
        log(f"  {state:<8} {goal:<52} {target:<9} {measured}")
    log("  (*: fxpthread's and glibc's min-max ranges overlap, the verdict is within this run's noise)")

    # ---- files
    fields = ["case", "group", "metric", "unit", "better"]
    for c in r.configs:
        fields += [c, c + "_min", c + "_max", c + "_n"]
    fields += ["fx_over_glibc", "musl_over_glibc", "fx_gain_vs_glibc", "fx_gain_vs_musl"]
    fields += ["futex_" + c for c in r.configs]
    write_csv(os.path.join(out_dir, "summary.csv"), fields, rows)
    for (case, config), v in instr.items():
        raw[(case, "instructions_per_pair", config)] = [v]
    runs = []
    for (case, metric, config), vals in sorted(raw.items()):
        for i, v in enumerate(vals):
            runs.append({"case": case, "metric": metric, "config": config, "rep": i + 1, "value": v})
    write_csv(os.path.join(out_dir, "runs.csv"), ["case", "metric", "config", "rep", "value"], runs)
    if instr:
        write_csv(os.path.join(out_dir, "instructions.csv"), ["case"] + r.configs + ["fx_over_glibc"],
                  [dict({"case": c, "fx_over_glibc": ratio(instr.get((c, "fxpthread")),
                                                           instr.get((c, "glibc")))},
                        **{cf: instr.get((c, cf)) for cf in r.configs})
                   for c in pair_cases if any((c, cf) in instr for cf in r.configs)])
    if sysb:
        write_csv(os.path.join(out_dir, "sysbench.csv"),
                  ["test", "command", "runs", "glibc_ms", "fxpthread_ms", "ratio"], sysb)
    write_csv(os.path.join(out_dir, "goals.csv"), ["goal", "target", "measured", "met"],
              [{"goal": g, "target": t, "measured": m, "met": "n/a" if ok is None else ("yes" if ok else "no")}
               for g, t, m, ok in gl])
    with open(os.path.join(out_dir, "context.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "value"])
        for k, v in ctx.items():
            w.writerow([k, v])
    png = chart(rows, out_dir, r.configs,
                f"fxpthread and musl relative to glibc {ctx['glibc']} -- {ctx['cpu']}, "
                f"{ctx['cores']} cores, median of {reps}")
    log("")
    log(f"results in {out_dir}: " + " ".join(sorted(f for f in os.listdir(out_dir) if f in OUTPUTS)))

    # ---- the one deterministic assertion
    status = 0
    if method != "none":
        bad = [c for c in pair_cases if futex.get((c, "fxpthread"), 0) > 0]
        missing = [c for c in pair_cases if (c, "fxpthread") not in futex]
        if bad:
            log("FAIL: uncontended fxpthread paths made futex calls: " + ", ".join(bad))
            status = 1
        elif missing:
            log("FAIL: no futex count for " + ", ".join(missing))
            status = 1
        else:
            log("ok: every uncontended fxpthread path made zero futex calls")
    else:
        log("note: no way to count futex calls here (no tracepoint access, no strace)")
    if r.failures:
        log(f"FAIL: {len(r.failures)} benchmark run(s) failed:")
        for f in r.failures:
            log("  " + f)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
