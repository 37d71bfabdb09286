"""Compare two runs of CPython's regression tests (python3 -m test -jN
--junit-xml FILE), one on glibc and one on fxpthread.

    regrtest_compare.py GLIBC_STDOUT GLIBC_XML FX_STDOUT FX_XML MODULE...

Per module, the verdict is the word regrtest printed for it ("passed",
"failed", "skipped", "crashed", "timed out", "env changed", ...; a module
that never reported is "missing").  A module whose verdict differs between
the two runs is printed on stdout as "DIFF module"; for a module that
failed on both, the failing test cases must be the same, otherwise it is
a DIFF too.  The table and the failing test cases go to stderr.  Exit
status: 0 if no module differs, 1 otherwise.
"""
import re
import sys
import xml.etree.ElementTree as ET

# "0:00:05 load avg: 1.00 [ 2/10] test_thread passed"
# "0:00:09 load avg: 1.20 [ 3/10/1] test_x failed (1 error) -- running: ..."
RESULT_LINE = re.compile(r"\[\s*\d+/\d+(?:/\d+)?\] (test[\w.]*) (.*)$")


def verdicts(stdout_path):
    found = {}
    with open(stdout_path, errors="replace") as f:
        for line in f:
            m = RESULT_LINE.search(line.rstrip("\n"))
            if not m:
                continue
            name, rest = m.group(1), m.group(2)
            rest = rest.split(" -- ")[0].strip()
            if rest.startswith("passed"):
                word = "passed"
            elif rest.startswith(("skipped", "resource denied", "run no tests")):
                word = "skipped"
            elif "env changed" in rest:
                word = "env changed"
            elif rest.startswith("failed"):
                word = "failed"
            else:
                word = rest.split(" (")[0] or "?"
            found[name] = word
    return found


def failing_cases(xml_path, module):
    """Names of the test cases of `module` with a failure or error."""
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError):
        return None
    prefix = "test." + module + "."
    bad = set()
    for case in root.iter("testcase"):
        name = case.get("name", "")
        if not name.startswith(prefix):
            continue
        if case.find("failure") is not None or case.find("error") is not None:
            bad.add(name[len("test."):])
    return bad


def main(argv):
    g_out, g_xml, f_out, f_xml = argv[1:5]
    modules = argv[5:]
    g, f = verdicts(g_out), verdicts(f_out)
    differ = []
    print(f"{'module':40} {'glibc':12} {'fxpthread':12}", file=sys.stderr)
    for mod in modules:
        gv, fv = g.get(mod, "missing"), f.get(mod, "missing")
        mark = ""
        if gv != fv:
            differ.append(mod)
            mark = "  <-- differs"
        elif gv == "failed":
            gc, fc = failing_cases(g_xml, mod), failing_cases(f_xml, mod)
            if gc != fc:
                differ.append(mod)
                mark = "  <-- fails differently"
        print(f"{mod:40} {gv:12} {fv:12}{mark}", file=sys.stderr)
        for lib, path, v in (("glibc", g_xml, gv), ("fxpthread", f_xml, fv)):
            if v != "passed":
                for case in sorted(failing_cases(path, mod) or ()):
                    print(f"    {lib}: {case}", file=sys.stderr)
    for mod in differ:
        print("DIFF", mod)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
