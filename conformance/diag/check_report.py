#!/usr/bin/env python3
"""Checks of profile reports, run by run-case.sh --then as
   check_report.py WHAT OUTDIR
OUTDIR holds the program's stdout and stderr, and report files named by
the test (FXPTHREAD_PROFILE_FILE=@OUT@/...)."""
import json
import os
import re
import sys


def fail(msg):
    print("check_report:", msg)
    sys.exit(1)


def addresses(out):
    """name=0x... pairs the test program printed on stdout."""
    text = open(os.path.join(out, "stdout")).read()
    return dict(re.findall(r"(\w+)=(0x[0-9a-f]+)", text))


def text_blocks(report):
    """Report entries of the text format: address -> entry text."""
    blocks = {}
    for m in re.finditer(r"^#(\d+) +(mutex|rwlock|cond) (0x[0-9a-f]+).*?(?=^#\d+ |\Z)",
                         report, re.S | re.M):
        blocks[m.group(3)] = (int(m.group(1)), m.group(0))
    return blocks


def hot_text(out):
    a = addresses(out)
    report = open(os.path.join(out, "stderr")).read()
    blocks = text_blocks(report)
    if a["hot"] not in blocks:
        fail("hot lock not in the report")
    rank, hot = blocks[a["hot"]]
    if rank != 1:
        fail("hot lock ranked %d, not first" % rank)
    if "acquisitions 80001 " not in hot:
        fail("hot lock: wrong acquisition count:\n" + hot)
    if not re.search(r"contended [1-9]", hot):
        fail("hot lock: no contended acquisition")
    first, _, site = hot.partition("most frequent contended site")
    if "#0 main+0x" not in first:
        fail("hot lock: first use not in main")
    if "hot_lock_worker+0x" not in site:
        fail("hot lock: contended site not in hot_lock_worker")
    _, cold = blocks.get(a["cold"], (0, ""))
    if "acquisitions 4 " not in cold or "cold_setup+0x" not in cold:
        fail("cold lock: wrong count or first use:\n" + cold)


def load_json(path):
    try:
        return json.load(open(path))
    except ValueError as e:
        fail("%s is not JSON: %s" % (path, e))


def hot_json(out):
    a = addresses(out)
    d = load_json(os.path.join(out, "report.json"))
    locks = {l["address"]: l for l in d["locks"]}
    hot = d["locks"][0]
    if hot["address"] != a["hot"] or hot["kind"] != "mutex":
        fail("first lock is not the hot mutex")
    if hot["acquisitions"] != 80001 or hot["contended"] < 1:
        fail("hot: counts %d/%d" % (hot["acquisitions"], hot["contended"]))
    if not hot["first_use"][0].startswith("main+0x"):
        fail("hot: first use %r" % hot["first_use"])
    if not any(f.startswith("hot_lock_worker+0x") for f in hot["top_site"]["stack"]):
        fail("hot: top site %r" % hot["top_site"])
    if hot["wait_total_ns"] <= 0 or hot["wait_max_ns"] > hot["wait_total_ns"]:
        fail("hot: wait times")
    cold = locks.get(a["cold"])
    if not cold or cold["acquisitions"] != 4 or cold["contended"] != 0:
        fail("cold: %r" % cold)
    if d["acquisitions"] != 80005:
        fail("total acquisitions %d" % d["acquisitions"])


def hot_csv(out):
    import csv
    a = addresses(out)
    rows = list(csv.DictReader(open(os.path.join(out, "report.csv"))))
    if len(rows) != 2:
        fail("%d rows" % len(rows))
    if rows[0]["address"] != a["hot"] or rows[0]["acquisitions"] != "80001":
        fail("first row %r" % rows[0])
    if "hot_lock_worker+0x" not in rows[0]["top_site"]:
        fail("top site %r" % rows[0]["top_site"])
    if rows[1]["address"] != a["cold"] or rows[1]["acquisitions"] != "4":
        fail("second row %r" % rows[1])


def folded(out):
    # The line format flamegraph.pl accepts (its own regular expression).
    line_re = re.compile(r"^(.*)\s+?(\d+(?:\.\d*)?)$")
    a = addresses(out)
    lines = open(os.path.join(out, "folded")).read().splitlines()
    if not lines:
        fail("empty folded file")
    hot = False
    for l in lines:
        m = line_re.match(l)
        if not m or " " in m.group(1) or int(m.group(2)) <= 0:
            fail("not a folded line: %r" % l)
        frames = m.group(1).split(";")
        if frames[-1] == "mutex@" + a["hot"] and "hot_lock_worker" in frames:
            hot = True
    if not hot:
        fail("no stack through hot_lock_worker ending in the hot mutex")


def kinds(out):
    a = addresses(out)
    d = load_json(os.path.join(out, "report.json"))
    locks = {l["address"]: l for l in d["locks"]}

    def get(name, kind):
        l = locks.get(a[name])
        if not l or l["kind"] != kind:
            fail("%s (%s): not reported as %s; the report has:\n%s" % (
                name, a[name], kind, "\n".join(
                    "%s %s %d" % (x["kind"], x["address"], x["acquisitions"])
                    for x in d["locks"])))
        return l

    if get("rw", "rwlock")["acquisitions"] != 2 * 3000 + 2000:
        fail("rwlock acquisitions %d" % locks[a["rw"]]["acquisitions"])
    for c in ("slot_full", "slot_empty"):
        l = get(c, "cond")
        if l["signals"] != 1000 or l["broadcasts"] != 0:
            fail("%s: signals %d" % (c, l["signals"]))
        if l["acquisitions"] > 1000:  # waits: at most one per item
            fail("%s: %d waits" % (c, l["acquisitions"]))
    if get("slot_lock", "mutex")["acquisitions"] < 2000:
        fail("slot_lock acquisitions")
    gone = get("gone", "mutex")
    if not gone["destroyed"] or gone["acquisitions"] != 2 or gone["contended"] != 1:
        fail("gone: %r" % gone)
    if a["mtx"] in locks or a["rec"] in locks:
        fail("destroyed quiet objects listed one by one")
    if d["destroyed_quiet_objects"] != 2 or d["destroyed_quiet_acquisitions"] != 500 + 200:
        fail("quiet: %d objects, %d acquisitions" % (
            d["destroyed_quiet_objects"], d["destroyed_quiet_acquisitions"]))


def fork_reports(out):
    names = sorted(os.listdir(out))
    parent = [n for n in names if n == "profile"]
    children = [n for n in names if re.fullmatch(r"profile\.\d+", n)]
    if not parent:
        fail("no report from the parent")
    if len(children) != 20:
        fail("%d reports from children, expected 20" % len(children))
    for n in children:
        text = open(os.path.join(out, n)).read()
        m = re.search(r"acquisitions (\d+)", text)
        if "lock profile: diag_fork_safety" not in text or not m or int(m.group(1)) < 300:
            fail("child report %s:\n%s" % (n, text[:2000]))


CHECKS = {f.__name__.replace("_", "-"): f
          for f in (hot_text, hot_json, hot_csv, folded, kinds, fork_reports)}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CHECKS:
        fail("usage: check_report.py {%s} OUTDIR" % ",".join(CHECKS))
    CHECKS[sys.argv[1]](sys.argv[2])
    print("ok")
