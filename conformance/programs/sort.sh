#!/usr/bin/env bash
# GNU sort --parallel=4 on 300000 lines, on glibc and on fxpthread.
#
# With every line in one buffer, sort splits the lines between 4 threads
# (a thread per half while a half has at least 128 Ki lines), then merges
# through a tree of nodes, each with its own mutex, fed from a priority
# queue guarded by a mutex and a condition variable.  The output must be
# identical, and sorted.
. "$(dirname -- "$0")/harness.sh"

/usr/bin/python3 "$HERE/gen_text.py" 300000 >"$WORK/input" || exit 2
export LC_ALL=C
args=(sort --parallel=4 -S 256M -k2,2n -k1,1 "$WORK/input")
run_glibc sort 120 "${args[@]}"
run_fx sort 120 "${args[@]}"
require_success sort
g=$(md5sum <"$(out sort glibc)" | cut -c1-16)
f=$(md5sum <"$(out sort fx)" | cut -c1-16)
echo "sort: $(wc -l <"$(out sort fx)") lines, md5 $f (glibc: $g)"
[ "$g" = "$f" ] || fail "sort: output differs between glibc and fxpthread"
sort -c -k2,2n -k1,1 "$(out sort fx)" || fail "sort on fxpthread: output not sorted"
[ "$(wc -l <"$(out sort fx)")" -eq 300000 ] || fail "sort on fxpthread: lines lost"
check_bindings sort
finish
