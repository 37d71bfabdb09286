#!/usr/bin/env python3
"""Build and run the interface conformance programs in four configurations.

  glibc     gcc -pthread, run as is
  preload   the same binary, run with LD_PRELOAD=libfxpthread.so.0
  relinked  gcc ... -L<dir> -Wl,--no-as-needed -lfxpthread (libfxpthread
            is DT_NEEDED before libc), run with LD_LIBRARY_PATH=<dir>
  musl      musl-gcc (glibc extensions do not build there: UNSUPPORTED)

Prints a table (test x configuration) and a summary per configuration,
writes the table to docs/conformance.md (or --doc PATH), and exits 1 if
preload or relinked FAILs a test that glibc passes, or if the binaries of
those configurations do not actually call into libfxpthread.

Usage: run.sh [--lib PATH] [--out DIR] [--doc PATH | --no-doc] [-j N]
              [--only REGEX] [--slow] [--quiet]
"""

import argparse
import concurrent.futures as cf
import datetime
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
INCLUDE = os.path.join(HERE, "include")
CONFIGS = ["glibc", "preload", "relinked", "musl"]
EXIT_STATUS = {0: "PASS", 1: "FAIL", 2: "UNRESOLVED", 4: "UNSUPPORTED"}
RUN_TIMEOUT = 30  # seconds; the programs bound themselves at 10
SLOW_TIMEOUT = 2000  # --slow: the resource-limit programs set alarm(1800)
CFLAGS = ["-O1", "-g0", "-w", "-I", INCLUDE]

# The probe asks the dynamic linker which object answers
# pthread_mutex_lock, so a configuration that silently ran on glibc
# cannot pass for fxpthread.
PROBE = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
int main(void)
{
	Dl_info i;
	int (*volatile f)(pthread_mutex_t *) = pthread_mutex_lock;
	if (!dladdr((void *)f, &i) || !i.dli_fname)
		return 1;
	printf("%s\n", i.dli_fname);
	return 0;
}
"""


def natural_key(test):
    d, name = test
    n, m = name.split("-")
    return (d, int(n), int(m))


def find_tests(only):
    tests = []
    for d in sorted(os.listdir(HERE)):
        path = os.path.join(HERE, d)
        if d == "include" or not os.path.isdir(path):
            continue
        for f in os.listdir(path):
            m = re.fullmatch(r"(\d+-\d+)\.c", f)
            if m:
                tests.append((d, m.group(1)))
    tests.sort(key=natural_key)
    if only:
        rx = re.compile(only)
        tests = [t for t in tests if rx.search("%s/%s" % t)]
    return tests


def describe(test):
    """The first sentence of the program's leading comment: the assertion."""
    path = os.path.join(HERE, test[0], test[1] + ".c")
    with open(path, errors="replace") as f:
        text = f.read(4000)
    m = re.search(r"/\*(.*?)\*/", text, re.S)
    if not m:
        return ""
    words = " ".join(l.strip().lstrip("*").strip() for l in m.group(1).splitlines())
    words = re.sub(r"\s+", " ", words).strip()
    first = re.split(r"(?<=[A-Za-z0-9)\]'\"])\.\s", words, maxsplit=1)[0].rstrip(".")
    return first


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)


def first_line(cmd, default="unknown"):
    try:
        out = sh(cmd).stdout.strip().splitlines()
        return out[0].strip() if out else default
    except OSError:
        return default


def machine_info(lib, have_musl, out):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    glibc = first_line(["getconf", "GNU_LIBC_VERSION"])
    musl = "not installed"
    if have_musl:
        loader = [p for p in ("/lib/ld-musl-x86_64.so.1", "/lib/ld-musl-aarch64.so.1")
                  if os.path.exists(p)]
        if loader:
            text = sh([loader[0]]).stdout
            m = re.search(r"Version\s+(\S+)", text)
            musl = "musl " + m.group(1) if m else "musl (version unknown)"
    fx = "unknown"
    src = os.path.join(out, "fxversion.c")
    exe = os.path.join(out, "fxversion")
    with open(src, "w") as f:
        f.write('#include <stdio.h>\nconst char *fxpthread_version(void);\n'
                'int main(void){puts(fxpthread_version());return 0;}\n')
    libdir = os.path.join(out, "lib")
    if sh(["gcc", src, "-o", exe, "-L", libdir, "-lfxpthread"]).returncode == 0:
        fx = sh([exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir)).stdout.strip() or fx
    built = datetime.datetime.fromtimestamp(os.path.getmtime(lib)).strftime("%Y-%m-%d %H:%M")
    fx += ", library built %s" % built
    rev = first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], "")
    if rev:
        dirty = sh(["git", "-C", REPO, "status", "--porcelain", "--",
                    "runtime", "interpose", "include", "arch"]).stdout.strip()
        fx += ", source tree at %s%s" % (rev, " with local changes" if dirty else "")
    return {
        "machine": "%s %s %s, %s, %d CPUs" % (platform.system(), platform.release(),
                                              platform.machine(), cpu, os.cpu_count() or 0),
        "glibc": glibc,
        "musl": musl,
        "gcc": first_line(["gcc", "--version"]),
        "fxpthread": fx,
    }


class Runner:
    def __init__(self, args):
        self.args = args
        self.out = os.path.abspath(args.out)
        self.lib = os.path.realpath(args.lib)
        self.libdir = os.path.join(self.out, "lib")
        self.have_musl = shutil.which("musl-gcc") is not None
        self.timeout = SLOW_TIMEOUT if args.slow else RUN_TIMEOUT
        self.unstable = []
        self.header_mtime = max(os.path.getmtime(os.path.join(INCLUDE, f))
                                for f in os.listdir(INCLUDE))

    # ------------------------------------------------------------ setup
    def prepare(self):
        os.makedirs(self.libdir, exist_ok=True)
        for name in ("libfxpthread.so", "libfxpthread.so.0"):
            link = os.path.join(self.libdir, name)
            if os.path.lexists(link):
                os.unlink(link)
            os.symlink(self.lib, link)

    def env_for(self, config):
        env = dict(os.environ)
        env.pop("LD_PRELOAD", None)
        env.pop("LD_LIBRARY_PATH", None)
        if config == "preload":
            env["LD_PRELOAD"] = self.lib
        elif config == "relinked":
            env["LD_LIBRARY_PATH"] = self.libdir
        if self.args.slow:
            env["CONF_SLOW"] = "1"
        else:
            env.pop("CONF_SLOW", None)
        return env

    def binary(self, config, test):
        kind = {"glibc": "glibc", "preload": "glibc", "relinked": "relinked",
                "musl": "musl"}[config]
        return os.path.join(self.out, kind, test[0], test[1])

    def link_cmd(self, kind, obj, exe):
        if kind == "glibc":
            return ["gcc", obj, "-o", exe, "-pthread"]
        if kind == "relinked":
            return ["gcc", obj, "-o", exe, "-L", self.libdir,
                    "-Wl,--no-as-needed", "-lfxpthread", "-pthread"]
        return ["musl-gcc", obj, "-o", exe]

    def check_bindings(self):
        """Which object answers pthread_mutex_lock in each configuration."""
        src = os.path.join(self.out, "probe.c")
        with open(src, "w") as f:
            f.write(PROBE)
        found = {}
        for config in ("glibc", "preload", "relinked"):
            kind = "relinked" if config == "relinked" else "glibc"
            exe = os.path.join(self.out, "probe-" + kind)
            obj = exe + ".o"
            r = sh(["gcc"] + CFLAGS + ["-c", src, "-o", obj])
            if r.returncode == 0:
                r = sh(self.link_cmd(kind, obj, exe) + ["-ldl"])
            if r.returncode:
                found[config] = "probe did not build: " + r.stdout.strip()[:200]
                continue
            found[config] = sh([exe], env=self.env_for(config)).stdout.strip()
        return found

    # ------------------------------------------------------------ build
    def build_one(self, test):
        """Compile once for glibc (linked twice: plain and relinked) and
        once for musl.  Returns {kind: error message} for what failed."""
        src = os.path.join(HERE, test[0], test[1] + ".c")
        newest = max(os.path.getmtime(src), self.header_mtime)
        groups = [("gcc", ["glibc", "relinked"])]
        if self.have_musl:
            groups.append(("musl-gcc", ["musl"]))
        errors = {}
        for cc, kinds in groups:
            objdir = os.path.join(self.out, "obj-" + cc, test[0])
            obj = os.path.join(objdir, test[1] + ".o")
            exes = [os.path.join(self.out, k, test[0], test[1]) for k in kinds]
            fail = obj + ".build-failed"
            if all(os.path.exists(e) and os.path.getmtime(e) >= newest for e in exes):
                continue
            if os.path.exists(fail) and os.path.getmtime(fail) >= newest:
                with open(fail) as f:
                    msg = f.read()
                errors.update({k: msg for k in kinds})
                continue
            os.makedirs(objdir, exist_ok=True)
            for exe in exes:
                os.makedirs(os.path.dirname(exe), exist_ok=True)
            results = {}
            if len(kinds) == 1:  # musl: compile and link in one step
                r = sh([cc] + CFLAGS + [src, "-o", exes[0]])
                if r.returncode:
                    results[kinds[0]] = r.stdout
            else:  # glibc: one object, linked plain and relinked
                r = sh([cc] + CFLAGS + ["-c", src, "-o", obj])
                for k, exe in zip(kinds, exes):
                    if r.returncode:
                        results[k] = r.stdout
                        continue
                    lr = sh(self.link_cmd(k, obj, exe))
                    if lr.returncode:
                        results[k] = lr.stdout
            for k, exe in zip(kinds, exes):
                if k in results:
                    text = results[k]
                    msg = next((l for l in text.splitlines() if "error" in l), text.strip())
                    msg = re.sub(r"^.*?: ", "", msg, count=1).strip()[:160]
                    errors[k] = msg
                    if os.path.exists(exe):
                        os.unlink(exe)
            if errors.keys() & set(kinds):
                with open(fail, "w") as f:
                    f.write(next(errors[k] for k in kinds if k in errors))
            elif os.path.exists(fail):
                os.unlink(fail)
        return errors

    def build(self, tests):
        errors = {}
        with cf.ThreadPoolExecutor(self.args.jobs) as pool:
            futs = {pool.submit(self.build_one, t): t for t in tests}
            for fut in cf.as_completed(futs):
                for kind, msg in fut.result().items():
                    errors[(kind, futs[fut])] = msg
        return errors

    # -------------------------------------------------------------- run
    def run_one(self, config, test):
        exe = self.binary(config, test)
        ident = "%s/%s" % test
        start = time.monotonic()
        try:
            p = subprocess.Popen([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, env=self.env_for(config),
                                 cwd=os.path.dirname(exe), start_new_session=True)
        except OSError as e:
            return ("FAIL", "cannot run: %s" % e, 0.0)
        try:
            out, _ = p.communicate(timeout=self.timeout)
            code = p.returncode
        except subprocess.TimeoutExpired:
            out, code = "", None
        finally:
            try:  # children a test left behind
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            if p.returncode is None:
                p.wait()
        elapsed = time.monotonic() - start
        text = out.decode(errors="replace") if isinstance(out, bytes) else out
        if code is None:
            return ("FAIL", "no result after %d s (killed)" % self.timeout, elapsed)
        line = None
        for l in text.splitlines():
            if l.startswith(ident + ": "):
                line = l[len(ident) + 2:]
                break
        if code < 0:
            sig = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return ("FAIL", "killed by %s" % sig, elapsed)
        status = EXIT_STATUS.get(code)
        if status is None:
            return ("FAIL", "exit status %d" % code, elapsed)
        if line is None:
            return ("FAIL", "exit %d without a result line" % code, elapsed)
        word, _, reason = line.partition(" ")
        if word != status:
            return ("FAIL", "printed %s but exited %d" % (word, code), elapsed)
        return (status, reason.strip(), elapsed)

    def run_twice(self, config, test):
        """A FAIL or UNRESOLVED is run once more before it counts: on a
        shared machine a test can be starved past its own alarm.  A result
        that changes on the second run is kept, with the first result in
        the reason, and listed as unstable."""
        first = self.run_one(config, test)
        if first[0] not in ("FAIL", "UNRESOLVED"):
            return first
        second = self.run_one(config, test)
        if second[0] == first[0]:
            return second
        self.unstable.append((test, config, first, second))
        why = "unstable: first run %s %s" % (first[0], first[1])
        if second[1]:
            why = second[1] + "; " + why
        return (second[0], why, second[2])

    def run(self, tests, build_errors):
        results = {}
        jobs = []
        for t in tests:
            for c in CONFIGS:
                kind = {"preload": "glibc"}.get(c, c)
                if c == "musl" and not self.have_musl:
                    results[(t, c)] = ("n/a", "musl-gcc not installed", 0.0)
                elif (kind, t) in build_errors:
                    st = "UNSUPPORTED" if c == "musl" else "FAIL"
                    results[(t, c)] = (st, "does not build: " + build_errors[(kind, t)], 0.0)
                else:
                    jobs.append((c, t))
        with cf.ThreadPoolExecutor(self.args.jobs) as pool:
            futs = {pool.submit(self.run_twice, c, t): (c, t) for c, t in jobs}
            for fut in cf.as_completed(futs):
                c, t = futs[fut]
                results[(t, c)] = fut.result()
        return results


# ------------------------------------------------------------------ report
def summarize(tests, results):
    summary = {}
    for c in CONFIGS:
        counts = {}
        for t in tests:
            st = results[(t, c)][0]
            counts[st] = counts.get(st, 0) + 1
        summary[c] = counts
    return summary


def differences(tests, results):
    diffs = []
    for t in tests:
        base = results[(t, "glibc")]
        for c in ("preload", "relinked"):
            r = results[(t, c)]
            if r[0] != base[0]:
                diffs.append((t, c, base, r))
    return diffs


def regressions(tests, results):
    return [(t, c) for t in tests for c in ("preload", "relinked")
            if results[(t, "glibc")][0] == "PASS" and results[(t, c)][0] == "FAIL"]


STATUS_ORDER = ["PASS", "FAIL", "UNRESOLVED", "UNSUPPORTED", "n/a"]


def summary_line(counts):
    return ", ".join("%d %s" % (counts[s], s) for s in STATUS_ORDER if counts.get(s))


def print_table(tests, results, summary, quiet):
    w = max([len("%s/%s" % t) for t in tests] + [4])
    cols = [max(len(c), 11) for c in CONFIGS]
    head = "%-*s  " % (w, "test") + "  ".join("%-*s" % (n, c) for n, c in zip(cols, CONFIGS))
    print(head)
    print("-" * len(head))
    for t in tests:
        row = [results[(t, c)][0] for c in CONFIGS]
        if quiet and all(s in ("PASS",) for s in row[:3]):
            continue
        print("%-*s  " % (w, "%s/%s" % t) + "  ".join("%-*s" % (n, s) for n, s in zip(cols, row)))
    print()
    for c in CONFIGS:
        print("%-9s %s" % (c + ":", summary_line(summary[c])))


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", " ")


def write_doc(path, tests, results, summary, info, bindings, cmdline, unstable):
    lines = []
    add = lines.append
    add("# Interface conformance results")
    add("")
    add("<!-- Generated file: do not edit.  Regenerate with `%s`. -->" % cmdline)
    add("")
    add("Generated by `%s` on %s." % (cmdline, datetime.date.today().isoformat()))
    add("Each program under `conformance/interfaces/<function>/<N>-<M>.c` checks one")
    add("assertion of POSIX.1-2017 or of glibc's documented extensions")
    add("(`conformance/interfaces/README.md`).  Differences from glibc and their")
    add("reasons: `docs/compat.md`.")
    add("")
    add("| | |")
    add("|---|---|")
    add("| machine | %s |" % md_escape(info["machine"]))
    add("| glibc | %s |" % md_escape(info["glibc"]))
    add("| musl | %s |" % md_escape(info["musl"]))
    add("| compiler | %s |" % md_escape(info["gcc"]))
    add("| fxpthread | %s |" % md_escape(info["fxpthread"]))
    for c in ("glibc", "preload", "relinked"):
        where = bindings.get(c, "?")
        if where.startswith(REPO + os.sep):
            where = os.path.relpath(where, REPO)
        add("| `pthread_mutex_lock` in %s | `%s` |" % (c, md_escape(where)))
    add("")
    add("Configurations: **glibc** `gcc -pthread`; **preload** the same binary with")
    add("`LD_PRELOAD=libfxpthread.so.0`; **relinked** `gcc ... -Wl,--no-as-needed")
    add("-lfxpthread` run with `LD_LIBRARY_PATH`; **musl** `musl-gcc`.")
    add("")
    add("## Summary")
    add("")
    add("| configuration | tests | " + " | ".join(STATUS_ORDER[:4]) + " |")
    add("|---|---|" + "---|" * 4)
    for c in CONFIGS:
        n = sum(summary[c].values())
        add("| %s | %d | " % (c, n) + " | ".join(str(summary[c].get(s, 0)) for s in STATUS_ORDER[:4]) + " |")
    add("")
    diffs = differences(tests, results)
    add("## Where fxpthread differs from glibc")
    add("")
    if not diffs:
        add("No test has a different result under preload or relinked than under glibc.")
    else:
        add("| test | configurations | glibc | fxpthread |")
        add("|---|---|---|---|")
        merged = {}
        for t, c, base, r in diffs:  # one row when both agree
            key = (t, base[0], base[1], r[0], r[1])
            merged.setdefault(key, []).append(c)
        for (t, bs, bw, fs, fw), cs in merged.items():
            add("| %s/%s | %s | %s %s | %s %s |" % (t[0], t[1], ", ".join(cs), bs,
                                                   md_escape(bw), fs, md_escape(fw)))
    add("")
    add("## Unstable results")
    add("")
    add("A FAIL or UNRESOLVED is run a second time before it counts; these")
    add("changed between the two runs (the second result is the one tabled):")
    add("")
    if not unstable:
        add("None in this run.")
    for t, c, first, second in sorted(unstable):
        add("- `%s/%s` %s: %s (%s), then %s" % (t[0], t[1], c, first[0],
                                               md_escape(first[1]), second[0]))
    add("")
    add("## Results")
    add("")
    add("Reasons for every result other than PASS follow the table.")
    add("")
    add("| test | assertion | " + " | ".join(CONFIGS) + " |")
    add("|---|---|" + "---|" * len(CONFIGS))
    for t in tests:
        add("| %s/%s | %s | " % (t[0], t[1], md_escape(describe(t))) +
            " | ".join(results[(t, c)][0] for c in CONFIGS) + " |")
    add("")
    add("## Reasons")
    add("")
    any_reason = False
    for t in tests:
        for c in CONFIGS:
            st, why, _ = results[(t, c)]
            if st != "PASS" and why:
                add("- `%s/%s` %s: %s %s" % (t[0], t[1], c, st, md_escape(why)))
                any_reason = True
    if not any_reason:
        add("Every test passed in every configuration.")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lib", default=os.path.join(REPO, "build-conf", "libfxpthread.so.0"),
                    help="libfxpthread.so.0 to test (default: build-conf/)")
    ap.add_argument("--out", default=os.path.join(REPO, "build-conf", "conformance-interfaces"),
                    help="where binaries go")
    ap.add_argument("--doc", default=os.path.join(REPO, "docs", "conformance.md"),
                    help="markdown table to write (default: docs/conformance.md)")
    ap.add_argument("--no-doc", action="store_true", help="write no markdown")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--only", help="regular expression on <function>/<N>-<M>")
    ap.add_argument("--slow", action="store_true",
                    help="also run the resource-limit tests (billions of calls)")
    ap.add_argument("--quiet", action="store_true",
                    help="print only rows where a glibc-based configuration did not pass")
    args = ap.parse_args()

    if not os.path.exists(args.lib):
        sys.exit("run.sh: %s not found: build the library first "
                 "(cmake --build build-conf) or pass --lib" % args.lib)
    if not shutil.which("gcc"):
        sys.exit("run.sh: gcc not found")

    t0 = time.monotonic()
    runner = Runner(args)
    runner.prepare()
    tests = find_tests(args.only)
    if not tests:
        sys.exit("run.sh: no tests selected")
    if not runner.have_musl:
        print("run.sh: musl-gcc not found; the musl column is n/a "
              "(Debian: apt-get install musl-tools)")
    bindings = runner.check_bindings()
    build_errors = runner.build(tests)
    t_build = time.monotonic() - t0
    results = runner.run(tests, build_errors)
    t_total = time.monotonic() - t0
    summary = summarize(tests, results)

    print_table(tests, results, summary, args.quiet)
    print("\nbuild %.0f s, total %.0f s, %d tests x %d configurations"
          % (t_build, t_total, len(tests), len(CONFIGS)))

    bad_binding = [c for c in ("preload", "relinked")
                   if "libfxpthread" not in bindings.get(c, "")]
    for c in CONFIGS:
        for t in tests:
            st, why, _ = results[(t, c)]
            if st in ("FAIL", "UNRESOLVED") and c != "musl":
                print("  %s/%s [%s] %s: %s" % (t[0], t[1], c, st, why))
    for t, c, first, second in sorted(runner.unstable):
        print("UNSTABLE: %s/%s [%s] %s (%s), then %s on a second run"
              % (t[0], t[1], c, first[0], first[1], second[0]))
    diffs = differences(tests, results)
    if diffs:
        print("\nDifferences from glibc:")
        for t, c, base, r in diffs:
            print("  %s/%s [%s] glibc %s, fxpthread %s %s" % (t[0], t[1], c, base[0], r[0], r[1]))

    if not args.no_doc and not args.only:
        cmd = "bash conformance/interfaces/run.sh"
        info = machine_info(args.lib, runner.have_musl, runner.out)
        write_doc(args.doc, tests, results, summary, info, bindings, cmd,
                  runner.unstable)
        print("\nwrote %s" % args.doc)

    regs = regressions(tests, results)
    for c in bad_binding:
        print("ERROR: in configuration %s pthread_mutex_lock resolves to %r, not libfxpthread"
              % (c, bindings.get(c)))
    for t, c in regs:
        print("REGRESSION: %s/%s passes on glibc but FAILs under %s: %s"
              % (t[0], t[1], c, results[(t, c)][1]))
    # One closing line over the two fxpthread configurations: PASS results,
    # regressions against glibc, and everything else.
    fx_results = [results[(t, c)][0] for t in tests for c in ("preload", "relinked")]
    passed = fx_results.count("PASS")
    print("\ninterfaces: %d passed, %d failed, %d skipped"
          % (passed, len(regs), len(fx_results) - passed - len(regs)))
    return 1 if (regs or bad_binding) else 0


if __name__ == "__main__":
    sys.exit(main())
