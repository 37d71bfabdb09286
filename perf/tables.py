#!/usr/bin/env python3
"""Print the Markdown tables of docs/performance.md from a results folder.

    python3 perf/tables.py [perf/results]

Reads context.csv, summary.csv, instructions.csv, sysbench.csv and
goals.csv as perf/run.py writes them.
"""

import csv
import os
import sys


def read(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def fmt(v):
    """Three significant digits, no exponent, k and M for large values."""
    if v is None:
        return "-"
    if v == 0:
        return "0"
    unit = ""
    if abs(v) >= 1e6:
        v, unit = v / 1e6, " M"
    elif abs(v) >= 1e4:
        v, unit = v / 1e3, " k"
    a = abs(v)
    if a >= 100:
        s = f"{v:.0f}"
    elif a >= 10:
        s = f"{v:.1f}"
    elif a >= 0.01:
        s = f"{v:.2f}"
    else:
        s = f"{v:.2g}"
    return s + unit


def spread(row, c):
    v, lo, hi = num(row.get(c)), num(row.get(c + "_min")), num(row.get(c + "_max"))
    if v is None:
        return "-"
    return f"{fmt(v)} ({fmt(lo)}–{fmt(hi)})"


def futex(row, c):
    v = num(row.get("futex_" + c))
    if v is None:
        return "-"
    return "0" if v == 0 else f"{v:.2g}"


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    ctx = {r["key"]: r["value"] for r in read(os.path.join(d, "context.csv"))}
    rows = read(os.path.join(d, "summary.csv"))

    print("| | |\n|---|---|")
    for k, v in ctx.items():
        print(f"| {k} | {v} |")
    print()

    print("| case | metric | glibc | fxpthread | musl | fx/glibc | fx vs glibc | futex/op glibc · fx · musl |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r["metric"] not in ("ns", "thr", "us"):
            continue
        gain = num(r.get("fx_gain_vs_glibc"))
        word = "-" if gain is None else (f"{gain:.2f}x faster" if gain >= 1 else f"{1 / gain:.2f}x slower")
        print(f"| {r['case']} | {r['unit']} | " + " | ".join(spread(r, c) for c in ("glibc", "fxpthread", "musl")) +
              f" | {fmt(num(r.get('fx_over_glibc')))} | {word} | " +
              " · ".join(futex(r, c) for c in ("glibc", "fxpthread", "musl")) + " |")
    print()

    print("| case | fairness glibc | fxpthread | musl | worst wait ms glibc | fxpthread | musl |")
    print("|---|---|---|---|---|---|---|")
    by = {(r["case"], r["metric"]): r for r in rows}
    for r in rows:
        if r["metric"] != "thr" or not r["case"].startswith("mutex-"):
            continue
        f = by.get((r["case"], "fair"), {})
        w = by.get((r["case"], "maxwait_us"), {})
        ms = [num(w.get(c)) for c in ("glibc", "fxpthread", "musl")]
        print(f"| {r['case']} | " + " | ".join(fmt(num(f.get(c))) for c in ("glibc", "fxpthread", "musl")) +
              " | " + " | ".join(fmt(v / 1000 if v is not None else None) for v in ms) + " |")
    print()

    ins = read(os.path.join(d, "instructions.csv"))
    if ins:
        print("| case | glibc | fxpthread | musl | fx/glibc |")
        print("|---|---|---|---|---|")
        for r in ins:
            print(f"| {r['case']} | " + " | ".join(fmt(num(r.get(c))) for c in ("glibc", "fxpthread", "musl")) +
                  f" | {fmt(num(r.get('fx_over_glibc')))} |")
        print()

    sb = read(os.path.join(d, "sysbench.csv"))
    if sb:
        print("| test | command | glibc ms | fxpthread ms | fx/glibc |")
        print("|---|---|---|---|---|")
        for r in sb:
            print(f"| {r['test']} | `{r['command']}` | {fmt(num(r['glibc_ms']))} | "
                  f"{fmt(num(r['fxpthread_ms']))} | {fmt(num(r['ratio']))} |")
        print()

    gl = read(os.path.join(d, "goals.csv"))
    if gl:
        print("| goal | target | measured | met |")
        print("|---|---|---|---|")
        for r in gl:
            met = {"yes": "**met**", "no": "not met"}.get(r["met"], r["met"])
            print(f"| {r['goal']} | {r['target']} | {r['measured']} | {met} |")


if __name__ == "__main__":
    main()
