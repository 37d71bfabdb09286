#!/bin/sh
# check-bindings: run a program on fxpthread and prove that every
# synchronization symbol it (or any library it loads) bound went to
# fxpthread, using the dynamic linker's own record (LD_DEBUG=bindings).
#
#   check-bindings.sh [OPTIONS] LIB PROGRAM [ARGS...]
#   FXPTHREAD_LIB=LIB check-bindings.sh [OPTIONS] PROGRAM [ARGS...]
#
# A synchronization symbol is a name of the families fxpthread replaces:
#   (__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|
#                 barrier|barrierattr|spin)_*,  mtx_*,  cnd_*
#
# The program's output passes through.  Then: every binding of such a
# symbol to an object other than LIB is printed and the exit status is 1;
# no such binding at all is also a failure (the check would prove
# nothing); otherwise "ok: N bindings, all to fxpthread" is printed.  A
# program that fails makes the check fail with the program's status.
#
# Options:
#   --linked            do not preload LIB: the program links it (-lfxpthread)
#   --expect SYM[@VER]  also require a binding of SYM (with version VER) to
#                       LIB; may be repeated
#   --expect-file FILE  the same, one SYM[@VER] per line
#   --timeout SECS      kill the program if it runs longer (needs timeout(1))
#   --list              print every synchronization binding seen
set -u

me=check-bindings
usage() {
	echo "usage: $me [--linked] [--expect SYM[@VER]]... [--expect-file FILE]" \
		"[--timeout SECS] [--list] LIB PROGRAM [ARGS...]" >&2
	echo "       FXPTHREAD_LIB=LIB $me [OPTIONS] PROGRAM [ARGS...]" >&2
	exit 2
}

linked=0
list=0
limit=""
expect=""
nl='
'
while [ $# -gt 0 ]; do
	case "$1" in
	--linked) linked=1; shift ;;
	--list) list=1; shift ;;
	--expect) [ $# -ge 2 ] || usage; expect="$expect$2$nl"; shift 2 ;;
	--expect-file)
		[ $# -ge 2 ] && [ -r "$2" ] || usage
		expect="$expect$(grep -v '^[[:space:]]*\(#\|$\)' "$2")$nl"
		shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; limit=$2; shift 2 ;;
	--help|-h) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done

if [ -n "${FXPTHREAD_LIB:-}" ]; then
	lib=$FXPTHREAD_LIB
else
	[ $# -ge 1 ] || usage
	lib=$1
	shift
fi
[ $# -ge 1 ] || usage
if [ ! -f "$lib" ]; then
	echo "$me: no such library: $lib" >&2
	exit 2
fi
lib=$(readlink -f -- "$lib")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-bindings.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Run the program.  The dynamic linker appends .PID to the output name,
# so every process the program starts leaves its own record.
if [ -n "$limit" ]; then
	set -- timeout -k 5 "$limit" "$@"
fi
if [ "$linked" -eq 1 ]; then
	LD_DEBUG=bindings LD_DEBUG_OUTPUT="$tmp/ld" "$@"
else
	LD_PRELOAD=$lib LD_DEBUG=bindings LD_DEBUG_OUTPUT="$tmp/ld" "$@"
fi
status=$?

# One line per binding of a synchronization symbol:
#   OBJECT <tab> TARGET <tab> SYMBOL <tab> VERSION (empty: unversioned)
# from the linker's lines
#   PID: binding file OBJECT [NS] to TARGET [NS]: normal symbol `SYM' [VER]
sync_re='^((__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|barrier|barrierattr|spin)_.*|mtx_.*|cnd_.*)$'
for f in "$tmp"/ld.*; do
	[ -f "$f" ] && cat -- "$f"
done | sed -nE "s/^[[:space:]]*[0-9]+:[[:space:]]+binding file (.*) \[[0-9]+\] to (.*) \[[0-9]+\]: [a-z]+ symbol \`([^']*)'( \[([^]]*)\])?[[:space:]]*\$/\1	\2	\3	\5/p" |
	awk -F '\t' -v re="$sync_re" '$3 ~ re' >"$tmp/sync"

# Resolve each distinct target once; the linker prints the name it
# opened (as given in LD_PRELOAD, or as found on the search path).
cut -f2 "$tmp/sync" | sort -u | while IFS= read -r target; do
	printf '%s\t%s\n' "$target" "$(readlink -f -- "$target" 2>/dev/null || echo "$target")"
done >"$tmp/targets"

awk -F '\t' -v lib="$lib" -v tfile="$tmp/targets" -v list="$list" \
	-v expect="$expect" -v out="$tmp/verdict" '
BEGIN {
	while ((getline line < tfile) > 0) {
		split(line, t, "\t")
		real[t[1]] = t[2]
	}
	n = split(expect, e, "\n")
	for (i = 1; i <= n; i++)
		if (e[i] != "")
			want[e[i]] = 1
}
{
	sym = $3 ($4 != "" ? "@" $4 : "")
	total++
	if (list)
		printf "  %-44s %s -> %s\n", sym, $1, $2
	if (real[$2] == lib) {
		seen[$3] = 1
		seen[sym] = 1
	} else {
		key = sym "\t" $1 "\t" $2
		if (!(key in foreign)) {
			foreign[key] = 1
			nforeign++
		}
		nbad++
	}
}
END {
	for (k in foreign) {
		split(k, f, "\t")
		printf "FOREIGN: %s bound by %s to %s\n", f[1], f[2], f[3] > "/dev/stderr"
	}
	for (w in want)
		if (!(w in seen)) {
			printf "MISSING: no binding of %s to %s\n", w, lib > "/dev/stderr"
			nmissing++
		}
	printf "%d %d %d\n", total, nbad, nmissing > out
}' "$tmp/sync"

read -r total nbad nmissing <"$tmp/verdict"
fail=0
if [ "$status" -ne 0 ]; then
	if [ "$status" -eq 124 ] && [ -n "$limit" ]; then
		echo "$me: $1 timed out after $limit s" >&2
	else
		echo "$me: program exited with status $status" >&2
	fi
fi
if [ "$nbad" -gt 0 ]; then
	echo "$me: $nbad of $total synchronization bindings did not go to $lib" >&2
	fail=1
elif [ "$total" -eq 0 ]; then
	echo "$me: no synchronization symbol was bound at all; nothing proven" >&2
	fail=1
elif [ "$nmissing" -gt 0 ]; then
	echo "$me: $nmissing expected bindings missing" >&2
	fail=1
fi
[ "$fail" -eq 1 ] && exit 1
[ "$status" -ne 0 ] && exit "$status"
echo "ok: $total bindings, all to fxpthread"
exit 0
