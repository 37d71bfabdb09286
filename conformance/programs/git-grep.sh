#!/usr/bin/env bash
# git grep --threads=4 over two system source trees, 5 times, on glibc and
# on fxpthread.
#
# git's threaded grep is a hand-off queue: the main thread fills a ring of
# 128 work items under a mutex and signals `cond_add`; 4 workers take
# items, grep them, mark them done and signal `cond_write`; the main thread
# prints finished items strictly in order and signals `cond_result` when a
# slot frees up.  Every file is one trip through the mutex and condvars.
# The output is in file order whatever the timing, so it must be the same
# on both libraries and the same as a single-threaded run.
. "$(dirname -- "$0")/harness.sh"

command -v git >/dev/null || { echo "git not installed" >&2; exit 77; }
trees=()
for d in /usr/lib/python3.11 /usr/include; do
	[ -d "$d" ] && trees+=("$d")
done
[ ${#trees[@]} -gt 0 ] || { echo "no source tree to search" >&2; exit 77; }

grep_all() { # THREADS
	for t in "${trees[@]}"; do
		(cd "$t" && git grep --no-index --threads="$1" -n -e lock -e wait) || return 1
	done
}
export TREES="${trees[*]}"
script='trees=($TREES); for i in 1 2 3 4 5; do grep_all 4 || exit 1; done'

run_glibc gg 120 bash -c "trees=(\$TREES); $(declare -f grep_all); grep_all 1"
[ "$(rc gg glibc)" -eq 0 ] || { show_err gg glibc; exit 1; }
mv "$(out gg glibc)" "$WORK/single.out"
run_glibc gg 120 bash -c "$(declare -f grep_all); $script"
run_fx gg 120 bash -c "$(declare -f grep_all); $script"
require_success gg
lines=$(wc -l <"$WORK/single.out")
for lib in glibc fx; do
	# 5 copies of the single-threaded output, in order.
	for i in 1 2 3 4 5; do cat "$WORK/single.out"; done |
		cmp -s - "$(out gg $lib)" ||
		fail "git grep --threads=4 on $lib: output differs from the single-threaded run"
done
echo "git grep: 5 x $lines lines in ${#trees[@]} trees, identical on glibc and fxpthread"
[ "$lines" -gt 1000 ] || fail "git grep: suspiciously little output ($lines lines)"
check_bindings gg
expect_bindings gg pthread_mutex_lock pthread_cond_wait pthread_cond_signal
finish
