#!/usr/bin/env python3
"""Which futex operations a benchmark case makes, and how many were futile.

    python3 perf/futex_mix.py [--build-dir DIR] [--ms MS] CASE [CASE...]

Runs each case once per library under `perf record` on the
syscalls:sys_enter_futex / sys_exit_futex tracepoints (root, or a
perf_event_paranoid that allows tracepoints) and prints, per operation
per benchmark op: the calls, the waits that returned at once (EAGAIN: the
word had already changed) and the wakes that woke nobody (0).  Those two
are the system calls a state machine could have avoided.  The counts
cover the whole process, thread start and exit included (a few calls),
unlike run.py's counts, which cover the measured phase only.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

OPS = {0: "WAIT", 1: "WAKE", 2: "FD", 3: "REQUEUE", 4: "CMP_REQUEUE", 5: "WAKE_OP",
       6: "LOCK_PI", 7: "UNLOCK_PI", 8: "TRYLOCK_PI", 9: "WAIT_BITSET", 10: "WAKE_BITSET",
       11: "WAIT_REQUEUE_PI", 12: "CMP_REQUEUE_PI", 13: "LOCK_PI2"}
WAITS = {"WAIT", "WAIT_BITSET", "WAIT_REQUEUE_PI", "LOCK_PI", "LOCK_PI2"}
WAKES = {"WAKE", "WAKE_BITSET", "WAKE_OP", "CMP_REQUEUE", "REQUEUE", "UNLOCK_PI", "CMP_REQUEUE_PI"}

ENTER = re.compile(r"\s(\d+)\s+\[\d+\].*sys_enter_futex:.*op: 0x([0-9a-f]+)")
EXIT = re.compile(r"\s(\d+)\s+\[\d+\].*sys_exit_futex:\s+(?:ret: )?0x([0-9a-f]+)")


def mix(build, config, case, ms):
    bench = os.path.join(build, "perf", "fxbench-musl" if config == "musl" else "fxbench")
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if config == "fxpthread":
        env["LD_PRELOAD"] = os.path.join(build, "libfxpthread.so.0")
    with tempfile.TemporaryDirectory(prefix="futex-mix-") as tmp:
        data = os.path.join(tmp, "perf.data")
        p = subprocess.run(["perf", "record", "-q", "-o", data, "-e", "syscalls:sys_enter_futex",
                            "-e", "syscalls:sys_exit_futex", "--", bench, case, "--ms", str(ms)],
                           env=env, capture_output=True, text=True)
        m = re.search(r"ops=(\d+)", p.stdout)
        if p.returncode != 0 or not m:
            sys.exit(f"futex_mix.py: {case} on {config} failed: {p.stderr.strip()[-400:]}")
        ops = int(m.group(1))
        script = subprocess.run(["perf", "script", "-i", data], capture_output=True, text=True).stdout
    pending = {}
    calls, futile = collections.Counter(), collections.Counter()
    for line in script.splitlines():
        e = ENTER.search(line)
        if e:
            tid, op = e.group(1), OPS.get(int(e.group(2), 16) & 0x7f, "?")
            pending[tid] = op
            calls[op] += 1
            continue
        x = EXIT.search(line)
        if x and x.group(1) in pending:
            op = pending.pop(x.group(1))
            ret = int(x.group(2), 16)
            if ret >= 1 << 63:
                ret -= 1 << 64
            if (op in WAITS and ret == -11) or (op in WAKES and ret == 0):
                futile[op] += 1
    return ops, calls, futile


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--build-dir", default=os.environ.get("FX_BUILD_DIR", os.path.join(here, "..", "build-perf")))
    ap.add_argument("--ms", type=float, default=200)
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()
    configs = ["glibc", "fxpthread"]
    if os.path.exists(os.path.join(a.build_dir, "perf", "fxbench-musl")):
        configs.append("musl")
    for case in a.cases:
        print(f"{case}: futex calls per op (futile: EAGAIN waits, wakes that woke nobody)")
        for config in configs:
            ops, calls, futile = mix(a.build_dir, config, case, a.ms)
            total = sum(calls.values())
            parts = ", ".join(f"{op} {n / ops:.3g}" + (f" (futile {futile[op] / ops:.3g})" if futile[op] else "")
                              for op, n in calls.most_common())
            print(f"  {config:<10} {total / ops:8.3g}/op  {parts or '-'}")


if __name__ == "__main__":
    main()
